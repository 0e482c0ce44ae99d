import type { Writable } from 'stream';
import type { ApiObject } from '../objects/api-object';

export interface LogRequest {
  container: string;
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
  sinceSeconds?: number;
  /** Only lines written at or after this time (ms since the epoch; `sinceTime`). */
  sinceTime?: number;
  previous: boolean;
  limitBytes?: number;
}

export interface ExecRequest {
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** `attach`: joins the running container's own process (its console when it has `tty: true`). */
export interface AttachRequest {
  container: string;
  stdin: boolean;
  tty: boolean;
}

/** Kubernetes' stream channel numbers, the same over WebSocket, SPDY and our agent tunnels. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const STATUS = 3;
/** Terminal size changes, `{"Width":W,"Height":H}` (only with a TTY). */
export const RESIZE = 4;

/** A bidirectional exec stream in Kubernetes channels (STDIN … STATUS above). */
export interface ExecChannel {
  onFrame(handler: (channel: number, data: Buffer) => void): void;
  onEnd(handler: () => void): void;
  send(channel: number, data: Buffer): void;
  closeStdin(): void;
  close(): void;
}

/**
 * One TCP connection to a port inside a pod's network namespace (`kubectl port-forward`).
 * Bytes flow both ways with TCP's half-close; `write` returns false when the caller should
 * wait for `onDrain`, and `pause`/`resume` hold bytes from the pod while the client is slow.
 */
export interface PortForwardConnection {
  onData(handler: (data: Buffer) => void): void;
  /** The pod's side is done: closed (no argument) or never connected (kubectl's error text). */
  onEnd(handler: (error?: string) => void): void;
  onDrain(handler: () => void): void;
  write(data: Buffer): boolean;
  /** Half-closes toward the pod: the client will send nothing more. */
  end(): void;
  /** Drops the connection. */
  close(): void;
  pause(): void;
  resume(): void;
}

/**
 * The seam between the API and the nodes for pod streams: the control plane implements it by
 * tunnelling to the agent of the pod's node. Implementations end `out` when the stream ends
 * and stop when `signal` aborts (the client went away).
 */
export interface PodStreams {
  logs(pod: ApiObject, request: LogRequest, out: Writable, signal: AbortSignal): Promise<void>;
  exec(pod: ApiObject, request: ExecRequest): Promise<ExecChannel>;
  attach(pod: ApiObject, request: AttachRequest): Promise<ExecChannel>;
  portForward(pod: ApiObject, port: number): Promise<PortForwardConnection>;
}
