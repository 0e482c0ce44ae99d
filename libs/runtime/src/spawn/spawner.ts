// Host commands (runc, conmon, mount, ip, CNI plugins) started from a worker thread.
// `child_process.spawn` holds the calling thread until the child has exec'd: 5-30 ms each on a
// loaded 2-core node, and a pod start or stop takes several. Spawned from the agent's main
// thread that stalls everything else it does (status reports, heartbeats, the API); from a
// worker the main thread only passes messages. The worker is started on first use.
import { Worker } from 'worker_threads';

export interface RunRequest {
  file: string;
  args: string[];
  cwd?: string;
  /** The child's whole environment (default: this process's). */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

export interface RunResult {
  /** Exit code, or null when a signal ended the child. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Why the child could not be started (e.g. ENOENT), or that it ran out of time. */
  error?: string;
}

export interface SyncPipeRequest {
  file: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs: number;
}

/** A detached child that reports on fd 3 (conmon's sync pipe): the first line it wrote, or all it wrote before closing it. */
export interface SyncPipeResult {
  text: string;
  error?: string;
}

type Reply = { id: number } & Partial<RunResult & SyncPipeResult>;

// Plain JavaScript, evaluated in the worker, so it runs the same from sources (tests) and from dist.
const WORKER_SOURCE = `
const { parentPort } = require('worker_threads');
const { spawn } = require('child_process');
function run(req) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(req.file, req.args, { cwd: req.cwd, env: req.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: req.timeoutMs });
    } catch (err) {
      return resolve({ code: null, signal: null, stdout: '', stderr: '', error: err.message });
    }
    const out = [], err = [], started = Date.now();
    let error;
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => { error = e.message; });
    child.on('close', (code, signal) => resolve({
      code: error ? null : code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(),
      error: error || (signal && req.timeoutMs && Date.now() - started >= req.timeoutMs ? 'timed out after ' + req.timeoutMs + ' ms' : undefined),
    }));
    child.stdin.end(req.input === undefined ? undefined : req.input);
  });
}
function syncPipe(req) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(req.file, req.args, { cwd: req.cwd, env: req.env, stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true });
    } catch (err) {
      return resolve({ text: '', error: err.message });
    }
    const pipe = child.stdio[3];
    let text = '', done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pipe.destroy();
      child.unref();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ text, error: 'no report within ' + req.timeoutMs + ' ms' }), req.timeoutMs);
    pipe.on('data', (d) => { text += d; if (text.includes('\\n')) finish({ text }); });
    pipe.on('end', () => finish({ text }));
    pipe.on('error', () => finish({ text }));
    child.on('error', (e) => finish({ text, error: e.message }));
  });
}
parentPort.on('message', (msg) => {
  (msg.kind === 'syncPipe' ? syncPipe(msg.req) : run(msg.req)).then((result) => parentPort.postMessage({ id: msg.id, ...result }));
});
`;

interface Lane {
  worker: Worker;
  inFlight: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * A small pool of spawn workers. One worker alone is not enough: each spawn holds its thread
 * until the child has exec'd, which on a busy machine means until the scheduler runs the child
 * (tens of ms), so a single worker serializes every pod's commands on that wait. Workers are
 * started as requests overlap and stopped after a while without work.
 */
export class Spawner {
  private readonly lanes: Lane[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { lane: Lane; resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  /** 2 workers measured best: 60 overlapping spawns at load 7, wall 1.79-1.82 s and stalls of 61-82 ms (1: 1.89-2.0 s; 4: 1.78-2.26 s). */
  constructor(private readonly opts: { maxWorkers?: number; idleMs?: number } = {}) {}

  /** Runs a command to its end; without `env` the child gets this process's environment. */
  run(req: RunRequest): Promise<RunResult> {
    return this.send('run', req) as Promise<RunResult>;
  }

  /** Starts a detached child and waits for what it reports on fd 3; the child is left running. */
  runWithSyncPipe(req: SyncPipeRequest): Promise<SyncPipeResult> {
    return this.send('syncPipe', req) as Promise<SyncPipeResult>;
  }

  get workers(): number {
    return this.lanes.length;
  }

  /** Stops the workers (children they started keep running); a later request starts new ones. */
  async close(): Promise<void> {
    await Promise.all([...this.lanes].map((lane) => this.retire(lane)));
  }

  private send(kind: 'run' | 'syncPipe', req: RunRequest | SyncPipeRequest): Promise<Reply> {
    const lane = this.pickLane();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { lane, resolve, reject });
      if (lane.idleTimer) clearTimeout(lane.idleTimer);
      lane.idleTimer = undefined;
      // A pending request keeps the process alive; an idle worker does not.
      if (lane.inFlight++ === 0) lane.worker.ref();
      lane.worker.postMessage({ id, kind, req });
    });
  }

  /** An idle worker if there is one, else a new one while the pool has room, else the least busy. */
  private pickLane(): Lane {
    const idle = this.lanes.find((l) => l.inFlight === 0);
    if (idle) return idle;
    if (this.lanes.length < (this.opts.maxWorkers ?? 2)) return this.startLane();
    return this.lanes.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
  }

  private startLane(): Lane {
    const lane: Lane = { worker: new Worker(WORKER_SOURCE, { eval: true, env: process.env }), inFlight: 0 };
    lane.worker.unref();
    lane.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (--lane.inFlight === 0) this.idle(lane);
      const result: Partial<Reply> = { ...reply };
      delete result.id;
      waiter.resolve(result as Reply);
    });
    const fail = (err: Error) => {
      this.drop(lane);
      for (const [id, waiter] of this.pending) {
        if (waiter.lane !== lane) continue;
        this.pending.delete(id);
        waiter.reject(new Error(`the spawn worker stopped: ${err.message}`));
      }
      lane.inFlight = 0;
    };
    lane.worker.on('error', fail);
    lane.worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.lanes.push(lane);
    return lane;
  }

  private idle(lane: Lane): void {
    lane.worker.unref();
    lane.idleTimer = setTimeout(() => void this.retire(lane), this.opts.idleMs ?? 30_000);
    lane.idleTimer.unref();
  }

  private async retire(lane: Lane): Promise<void> {
    this.drop(lane);
    await lane.worker.terminate();
  }

  private drop(lane: Lane): void {
    if (lane.idleTimer) clearTimeout(lane.idleTimer);
    const at = this.lanes.indexOf(lane);
    if (at >= 0) this.lanes.splice(at, 1);
  }
}

/** The process's spawner: every caller shares its workers. */
export const spawner = new Spawner();
