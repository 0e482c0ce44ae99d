// Host commands (runc, conmon, mount, ip, CNI plugins) started by a small helper process.
// Linux copies a process's page tables when it forks, so the cost of each spawn grows with the
// parent's resident memory: measured here, 0.7 ms of CPU per spawn from a 48 MB process, 6.7 ms
// from 349 MB and 11 ms from 651 MB, nearly all of it kernel time. The agent (and `up`, which
// also holds the control plane) runs at hundreds of MB and a pod start takes about ten commands,
// so they are forked from a bare Node process (~40 MB) that does nothing else. It is started
// on first use, answers over an IPC channel, and exits when the channel closes (its parent
// stopped or died); the commands it started are not its to stop.
import { type ChildProcess, spawn } from 'child_process';

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

// Plain JavaScript, run by the helper with `node -e`, so it works the same from sources (tests) and from dist.
const HELPER_SOURCE = `
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
process.on('message', (msg) => {
  (msg.kind === 'syncPipe' ? syncPipe(msg.req) : run(msg.req)).then((result) => {
    if (process.connected) process.send({ id: msg.id, ...result });
  });
});
process.on('disconnect', () => process.exit(0));
`;

export class Spawner {
  private helper?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  /** Runs a command to its end; without `env` the child gets this process's environment. */
  run(req: RunRequest): Promise<RunResult> {
    return this.send('run', req) as Promise<RunResult>;
  }

  /** Starts a detached child and waits for what it reports on fd 3; the child is left running. */
  runWithSyncPipe(req: SyncPipeRequest): Promise<SyncPipeResult> {
    return this.send('syncPipe', req) as Promise<SyncPipeResult>;
  }

  /** The helper's pid while it runs. */
  get helperPid(): number | undefined {
    return this.helper?.pid;
  }

  /** Lets the helper go (children it started keep running); a later request starts a new one. */
  async close(opts: { killAfterMs?: number } = {}): Promise<void> {
    const helper = this.helper;
    if (!helper || helper.exitCode !== null || helper.signalCode !== null) return;
    const gone = new Promise((resolve) => helper.once('exit', resolve));
    // Closing the channel is what a parent's death does too: the helper exits on its own.
    if (helper.connected) helper.disconnect();
    const timer = setTimeout(() => helper.kill('SIGKILL'), opts.killAfterMs ?? 5000);
    await gone;
    clearTimeout(timer);
  }

  private send(kind: 'run' | 'syncPipe', req: RunRequest | SyncPipeRequest): Promise<Reply> {
    const helper = this.helper ?? this.start();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A pending request keeps this process alive; an idle helper does not.
      if (this.pending.size === 1) setReferenced(helper, true);
      helper.send({ id, kind, req }, (err) => {
        if (!err || !this.pending.delete(id)) return;
        reject(new Error(`the spawn helper did not take the request: ${err.message}`));
      });
    });
  }

  private start(): ChildProcess {
    // Its own process group: a terminal's Ctrl-C reaches the agent, which then lets it go.
    const helper = spawn(process.execPath, ['-e', HELPER_SOURCE], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      detached: true,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    helper.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) setReferenced(helper, false);
      const result: Partial<Reply> = { ...reply };
      delete result.id;
      waiter.resolve(result as Reply);
    });
    const fail = (why: string) => {
      if (this.helper === helper) this.helper = undefined;
      for (const [id, waiter] of this.pending) {
        this.pending.delete(id);
        waiter.reject(new Error(`the spawn helper stopped: ${why}`));
      }
    };
    helper.on('error', (err) => fail(err.message));
    helper.on('exit', (code, signal) => fail(signal ? `killed by ${signal}` : `exit code ${code}`));
    this.helper = helper;
    return helper;
  }
}

function setReferenced(helper: ChildProcess, referenced: boolean): void {
  const channel = helper.channel as { ref(): void; unref(): void } | undefined | null;
  if (referenced) {
    helper.ref();
    channel?.ref();
  } else {
    helper.unref();
    channel?.unref();
  }
}

/** The process's spawner: every caller shares its helper. */
export const spawner = new Spawner();
