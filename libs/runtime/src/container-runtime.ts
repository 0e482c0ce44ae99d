import type { Observable } from 'rxjs';
import type { Readable, Writable } from 'stream';
import type { SecuritySpec } from './security-spec';

/**
 * Terms: a *container* is an instance of an image: the image's read-only layers (lowerDirs)
 * joined by overlayfs under a writable layer of its own (upperDir). Lifecycle:
 *
 *   create ──▶ created ──start──▶ running ──(process exits | stop | kill)──▶ exited
 *                                   ▲                                          │
 *                                   └────────────── start / restart ───────────┘
 *   remove (from any state with force, else from created/exited) deletes the writable layer,
 *   the cgroup and the runtime state; the image's layers are never touched.
 */
export type ContainerState = 'created' | 'running' | 'exited';

export interface Mount {
  source: string;
  destination: string;
  type?: 'bind' | 'tmpfs';
  readOnly?: boolean;
}

export interface Resources {
  memoryBytes?: number;
  /** CPU quota in microseconds per period (e.g. 50000 of 100000 = half a CPU). */
  cpuQuota?: number;
  cpuPeriod?: number;
  cpuShares?: number;
  pidsLimit?: number;
}

export interface ContainerCreateSpec {
  /** Unique per runtime; the id is generated (64 hex, shown as 12). */
  name: string;
  /** The image, for display and in-use checks; the runtime never pulls. */
  image: { ref: string; id: string };
  /** Read-only unpacked image layers, top-most first (overlayfs order). */
  rootfs: { lowerDirs: string[] };
  process: {
    args: string[];
    env: string[];
    cwd: string;
    user?: string;
    /** A console of its own (conmon holds the terminal; `attach` joins it). */
    tty?: boolean;
    /** Keeps the process's stdin open for `attach`; with `stdinOnce` it closes after the first attach ends. */
    stdin?: boolean;
    stdinOnce?: boolean;
  };
  hostname?: string;
  /** Contents for /etc/hosts and /etc/resolv.conf; absent: localhost and the hostname, and the host's resolvers. */
  etcFiles?: { hosts?: string; resolvConf?: string };
  mounts?: Mount[];
  resources?: Resources;
  labels?: Record<string, string>;
  /** Path of an existing network namespace to join; 'host' = the node's own; omitted = a new, empty one. */
  netns?: string;
  /** Signal sent by stop before the grace period runs out (default SIGTERM). */
  stopSignal?: string;
  /** Capabilities, seccomp, namespaces shared with the node…; absent = the default confinement. */
  security?: SecuritySpec;
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: { ref: string; id: string };
  command: string[];
  labels: Record<string, string>;
  state: ContainerState;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode?: number;
  oomKilled?: boolean;
  pid?: number;
  restartCount: number;
  upperDir: string;
  logPath: string;
  resources: Resources;
}

export interface ExecOptions {
  args: string[];
  env?: string[];
  cwd?: string;
  tty?: boolean;
  stdin?: boolean;
}

export interface AttachOptions {
  stdin: boolean;
}

export interface ExecSession {
  stdin?: Writable;
  /** With a TTY, everything the terminal shows. */
  stdout: Readable;
  stderr: Readable;
  exitCode: Promise<number>;
  /** With a TTY: sets the terminal's size (columns, rows). */
  resize?(width: number, height: number): void;
  /** Leaves the session (attach: the client went away; the container's process goes on). */
  close?(): void;
}

export interface LogEntry {
  time: Date;
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface LogOptions {
  follow?: boolean;
  /** Only the last N lines. */
  tail?: number;
  timestamps?: boolean;
}

export interface ContainerStats {
  cpuUsageNanos: number;
  memoryUsageBytes: number;
  /** Usage minus inactive file cache: what the OOM killer looks at (cAdvisor's working set). */
  memoryWorkingSetBytes: number;
  memoryLimitBytes?: number;
  pids: number;
  oomEvents: number;
}

export interface ContainerEvent {
  id: string;
  type: 'created' | 'started' | 'exited' | 'oom' | 'removed';
  at: Date;
  exitCode?: number;
}

export interface ListFilter {
  labels?: Record<string, string>;
}

/** Whether a container's labels include every label of the filter. */
export function matchesFilter(labels: Record<string, string> | undefined, filter: ListFilter | undefined): boolean {
  return Object.entries(filter?.labels ?? {}).every(([key, value]) => labels?.[key] === value);
}

/** The seam between node logic and whatever runs containers (runc+conmon, or a fake for hollow nodes). */
export interface ContainerRuntime {
  create(spec: ContainerCreateSpec): Promise<ContainerInfo>;
  start(id: string): Promise<void>;
  /** Sends the stop signal, waits up to graceSeconds, then SIGKILL. */
  stop(id: string, graceSeconds: number): Promise<void>;
  kill(id: string, signal: string): Promise<void>;
  restart(id: string, graceSeconds: number): Promise<void>;
  remove(id: string, opts?: { force?: boolean }): Promise<void>;
  /** Every container, or only those carrying all the given labels (newest first). */
  list(filter?: ListFilter): Promise<ContainerInfo[]>;
  /** Accepts a full id, a unique id prefix or a name. */
  inspect(idOrName: string): Promise<ContainerInfo>;
  writableLayerSize(id: string): Promise<number>;
  exec(id: string, opts: ExecOptions): Promise<ExecSession>;
  /** Joins the running container's own process: its output from now on, and its stdin when it keeps one. */
  attach(id: string, opts: AttachOptions): Promise<ExecSession>;
  logs(id: string, opts?: LogOptions): Observable<LogEntry>;
  stats(id: string): Promise<ContainerStats>;
  readonly events$: Observable<ContainerEvent>;
  /** Re-adopts containers from state on disk after an agent restart. */
  recover(): Promise<void>;
  /** Stops watching; containers keep running. */
  close(): Promise<void>;
}
