// A thin wrapper over the runc binary, with our own state root so we never see other users' containers.
import { spawn } from 'child_process';
import { run } from './exec-file';

/**
 * runc's answer for a container it no longer has or that has stopped: runc's ESRCH. Only
 * messages are available ("container does not exist", "container not running", and
 * "process already finished" from newer versions).
 */
const GONE = /does not exist|not found|not running|process already finished/i;

export function isRuncGone(err: unknown): boolean {
  return err instanceof Error && GONE.test(err.message);
}

export interface RuncState {
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
}

export class RuncCli {
  constructor(
    readonly runcPath: string,
    readonly root: string,
  ) {}

  private args(...rest: string[]): string[] {
    return ['--root', this.root, ...rest];
  }

  /** The container's runc state, or undefined when runc does not know it. */
  async state(id: string): Promise<RuncState | undefined> {
    try {
      const { stdout } = await run(this.runcPath, this.args('state', id));
      return JSON.parse(stdout) as RuncState;
    } catch (err) {
      if (isRuncGone(err)) return undefined;
      throw err;
    }
  }

  async start(id: string): Promise<void> {
    await run(this.runcPath, this.args('start', id));
  }

  async kill(id: string, signal: string, all = false): Promise<void> {
    await run(this.runcPath, this.args('kill', ...(all ? ['--all'] : []), id, signal));
  }

  /** Sends a signal when the container still runs; one that has stopped or gone is not an error (stop and remove race its exit). */
  async signalIfRunning(id: string, signal: string, all = false): Promise<void> {
    await this.kill(id, signal, all).catch((err: unknown) => {
      if (!isRuncGone(err)) throw err;
    });
  }

  async delete(id: string): Promise<void> {
    await run(this.runcPath, this.args('delete', '--force', id)).catch((err: unknown) => {
      if (!isRuncGone(err)) throw err;
    });
  }

  /** The arguments of `runc exec` (after the binary), with `-t` for a terminal. */
  execArgs(id: string, opts: { args: string[]; env?: string[]; cwd?: string; tty?: boolean }): string[] {
    const flags = [
      ...(opts.tty ? ['--tty'] : []),
      ...(opts.cwd ? ['--cwd', opts.cwd] : []),
      ...(opts.env ?? []).flatMap((e) => ['--env', e]),
    ];
    return this.args('exec', ...flags, id, ...opts.args);
  }

  /** Starts `runc exec` with pipes; the caller owns the child. */
  exec(id: string, opts: { args: string[]; env?: string[]; cwd?: string; stdin?: boolean }) {
    return spawn(this.runcPath, this.execArgs(id, opts), { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  }
}
