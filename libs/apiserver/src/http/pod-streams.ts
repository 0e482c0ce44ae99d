import type { Writable } from 'stream';
import type { ApiObject } from '../objects/api-object';

export interface LogRequest {
  container: string;
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
  sinceSeconds?: number;
  previous: boolean;
  limitBytes?: number;
}

export interface ExecRequest {
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** Kubernetes' stream channel numbers, the same over WebSocket, SPDY and our agent tunnels. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const STATUS = 3;

/** A bidirectional exec stream in Kubernetes channels (STDIN … STATUS above). */
export interface ExecChannel {
  onFrame(handler: (channel: number, data: Buffer) => void): void;
  onEnd(handler: () => void): void;
  send(channel: number, data: Buffer): void;
  closeStdin(): void;
  close(): void;
}

/**
 * The seam between the API and the nodes for pod streams: the control plane implements it by
 * tunnelling to the agent of the pod's node. Implementations end `out` when the stream ends
 * and stop when `signal` aborts (the client went away).
 */
export interface PodStreams {
  logs(pod: ApiObject, request: LogRequest, out: Writable, signal: AbortSignal): Promise<void>;
  exec(pod: ApiObject, request: ExecRequest): Promise<ExecChannel>;
}
