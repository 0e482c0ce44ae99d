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

/** A bidirectional exec stream in Kubernetes channels (0 stdin, 1 stdout, 2 stderr, 3 status). */
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
