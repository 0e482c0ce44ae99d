// An in-memory ContainerRuntime for hollow nodes (many simulated nodes in one process) and fast
// tests: the same contract, states, errors and events as RuncRuntime, with no processes at all.
import { randomBytes } from 'crypto';
import { type Observable, of, Subject } from 'rxjs';
import { PassThrough } from 'stream';
import type {
  ContainerCreateSpec,
  ContainerEvent,
  ContainerInfo,
  ContainerRuntime,
  ContainerStats,
  ExecOptions,
  ExecSession,
  ListFilter,
  LogEntry,
  LogOptions,
} from '../container-runtime';
import { matchesFilter } from '../container-runtime';
import { invalidArgument, notFound, precondition, RuntimeError } from '../errors';

interface FakeContainer {
  info: ContainerInfo;
  spec: ContainerCreateSpec;
  logs: LogEntry[];
  stats: Partial<ContainerStats>;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export class FakeRuntime implements ContainerRuntime {
  private readonly containers = new Map<string, FakeContainer>();
  private readonly events = new Subject<ContainerEvent>();
  readonly events$ = this.events.asObservable();
  private nextPid = 1000;
  private execHandler: (id: string, args: string[]) => { stdout?: string; stderr?: string; exitCode: number } = (_id, args) =>
    args[0] === 'echo' ? { stdout: `${args.slice(1).join(' ')}\n`, exitCode: 0 } : { exitCode: 0 };

  async create(spec: ContainerCreateSpec): Promise<ContainerInfo> {
    if (!NAME_RE.test(spec.name))
      throw invalidArgument(`invalid container name "${spec.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if ([...this.containers.values()].some((c) => c.info.name === spec.name)) {
      throw new RuntimeError('AlreadyExists', `the container name "${spec.name}" is already in use`);
    }
    if (spec.process.args.length === 0)
      throw invalidArgument('no command specified: the image has no Cmd or Entrypoint and none was given');
    const id = randomBytes(32).toString('hex');
    const info: ContainerInfo = {
      id,
      name: spec.name,
      image: spec.image,
      command: spec.process.args,
      labels: spec.labels ?? {},
      state: 'created',
      createdAt: new Date(),
      restartCount: 0,
      upperDir: `/fake/${id}/upper`,
      logPath: `/fake/${id}/ctr.log`,
      resources: spec.resources ?? {},
    };
    this.containers.set(id, { info, spec, logs: [], stats: {} });
    this.emit(id, 'created');
    return { ...info };
  }

  async start(idOrName: string): Promise<void> {
    const c = this.find(idOrName);
    if (c.info.state === 'running') return;
    if (c.info.startedAt) c.info.restartCount++;
    Object.assign(c.info, {
      state: 'running',
      startedAt: new Date(),
      finishedAt: undefined,
      exitCode: undefined,
      oomKilled: undefined,
      pid: this.nextPid++,
    });
    this.emit(c.info.id, 'started');
  }

  /** Makes a running container exit now (or after `afterMs`), as its process would. */
  setExitCode(idOrName: string, exitCode: number, opts: { afterMs?: number; oomKilled?: boolean } = {}): void {
    const c = this.find(idOrName);
    const exit = () => {
      if (c.info.state !== 'running') return;
      Object.assign(c.info, { state: 'exited', finishedAt: new Date(), exitCode, oomKilled: !!opts.oomKilled, pid: undefined });
      if (opts.oomKilled) this.emit(c.info.id, 'oom');
      this.emit(c.info.id, 'exited', exitCode);
    };
    if (opts.afterMs) setTimeout(exit, opts.afterMs).unref();
    else exit();
  }

  writeLog(idOrName: string, stream: 'stdout' | 'stderr', line: string): void {
    this.find(idOrName).logs.push({ time: new Date(), stream, line });
  }

  onExec(handler: (id: string, args: string[]) => { stdout?: string; stderr?: string; exitCode: number }): void {
    this.execHandler = handler;
  }

  setStats(idOrName: string, stats: Partial<ContainerStats>): void {
    Object.assign(this.find(idOrName).stats, stats);
  }

  async stop(idOrName: string): Promise<void> {
    this.setExitCode(idOrName, 143);
  }

  async kill(idOrName: string, signal: string): Promise<void> {
    const c = this.find(idOrName);
    if (c.info.state !== 'running') throw precondition(`container ${c.info.name} is not running`);
    const sig = signal.toUpperCase().replace(/^SIG/, '');
    this.setExitCode(idOrName, sig === 'KILL' || sig === '9' ? 137 : 143);
  }

  async restart(idOrName: string): Promise<void> {
    await this.stop(idOrName);
    await this.start(idOrName);
  }

  async remove(idOrName: string, opts: { force?: boolean } = {}): Promise<void> {
    const c = this.find(idOrName);
    if (c.info.state === 'running' && !opts.force) {
      throw precondition(
        `cannot remove container ${c.info.name}: container is running: stop the container before removing or force remove`,
      );
    }
    this.containers.delete(c.info.id);
    this.emit(c.info.id, 'removed');
  }

  async list(filter?: ListFilter): Promise<ContainerInfo[]> {
    return [...this.containers.values()].filter((c) => matchesFilter(c.info.labels, filter)).map((c) => ({ ...c.info }));
  }

  async inspect(idOrName: string): Promise<ContainerInfo> {
    return { ...this.find(idOrName).info };
  }

  async writableLayerSize(): Promise<number> {
    return 0;
  }

  async exec(idOrName: string, opts: ExecOptions): Promise<ExecSession> {
    const c = this.find(idOrName);
    if (c.info.state !== 'running') throw precondition(`container ${c.info.name} is not running`);
    const reply = this.execHandler(c.info.id, opts.args);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.end(reply.stdout ?? '');
    stderr.end(reply.stderr ?? '');
    return { stdout, stderr, exitCode: Promise.resolve(reply.exitCode) };
  }

  /** Hollow containers have no process to join: the attached client sees no output and the session ends at once. */
  async attach(idOrName: string): Promise<ExecSession> {
    const c = this.find(idOrName);
    if (c.info.state !== 'running') throw precondition(`container ${c.info.name} is not running`);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.end();
    stderr.end();
    return { stdout, stderr, exitCode: Promise.resolve(0) };
  }

  logs(idOrName: string, opts: LogOptions = {}): Observable<LogEntry> {
    const logs = this.find(idOrName).logs;
    return of(...(opts.tail ? logs.slice(-opts.tail) : logs));
  }

  async stats(idOrName: string): Promise<ContainerStats> {
    const c = this.find(idOrName);
    const base = {
      cpuUsageNanos: 0,
      memoryUsageBytes: 0,
      memoryWorkingSetBytes: 0,
      memoryLimitBytes: c.spec.resources?.memoryBytes,
      pids: 0,
      oomEvents: 0,
    };
    return { ...base, ...(c.info.state === 'running' ? { pids: 1, ...c.stats } : {}) };
  }

  async recover(): Promise<void> {}

  async close(): Promise<void> {}

  private find(idOrName: string): FakeContainer {
    const exact = this.containers.get(idOrName) ?? [...this.containers.values()].find((c) => c.info.name === idOrName);
    if (exact) return exact;
    const byPrefix = /^[0-9a-f]+$/.test(idOrName) ? [...this.containers.values()].filter((c) => c.info.id.startsWith(idOrName)) : [];
    if (byPrefix.length === 1) return byPrefix[0]!;
    if (byPrefix.length > 1) throw invalidArgument(`multiple containers match "${idOrName}": use more of the id`);
    throw notFound(idOrName);
  }

  private emit(id: string, type: ContainerEvent['type'], exitCode?: number): void {
    this.events.next({ id, type, at: new Date(), ...(exitCode !== undefined ? { exitCode } : {}) });
  }
}
