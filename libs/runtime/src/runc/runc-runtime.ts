// ContainerRuntime on runc under conmon, with overlayfs root filesystems and cgroup limits.

import { diskUsage, ignoreMissing, pathExists } from '@stevedore/files';
import { type Logger, logger } from '@stevedore/log';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { constants } from 'os';
import * as path from 'path';
import { type Observable, Subject } from 'rxjs';
import type {
  AttachOptions,
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
import { attachToConmon } from './attach';
import { nodeCapabilities } from './capabilities';
import { Cgroups } from './cgroups';
import { launchUnderConmon } from './conmon';
import { type ContainerMeta, ContainerStore } from './container-store';
import { readCriLog } from './cri-log';
import { ExitReaper } from './exit-reaper';
import { hostDevices } from './host-devices';
import type { NodePrivileges } from './oci-security';
import { buildOciSpec } from './oci-spec';
import { isMounted, mountOverlay, unmount } from './overlay';
import { RuncCli } from './runc-cli';
import { execOnTerminal } from './tty-exec';
import { resolveUser, withSupplementalGroups } from './user-lookup';
import { probeUserNamespaces } from './user-namespaces';

export interface RuncRuntimeOptions {
  /** State directory, e.g. <data-dir>/containers. */
  root: string;
  runcRoot?: string;
  /** Parent cgroup of every container (per agent, so agents and tests never collide). */
  cgroupParent?: string;
  runcPath?: string;
  conmonPath?: string;
  /**
   * How often every running container is checked as a safety net (exits are noticed at once
   * through a watch on each exit directory; the poll catches a conmon that died without writing one).
   */
  pollMs?: number;
  /** `runtime` by default. */
  log?: Logger;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export class RuncRuntime implements ContainerRuntime {
  private readonly store: ContainerStore;
  private readonly runc: RuncCli;
  private readonly events = new Subject<ContainerEvent>();
  readonly events$: Observable<ContainerEvent> = this.events.asObservable();
  private readonly metas = new Map<string, ContainerMeta>();
  private readonly cgroupParent: string;
  private readonly conmonPath: string;
  private readonly reaper: ExitReaper;
  /** Containers whose runc state this process has already deleted (after their exit), so removal and restart skip a spawn. */
  private readonly runcDeleted = new Set<string>();
  /** Root filesystems this process has mounted or seen mounted, so a start need not read mountinfo again. */
  private readonly mounted = new Set<string>();
  private readonly log: Logger;
  /** Asked once: the node's capabilities and its user-namespace support do not change while it runs. */
  private capabilities?: Promise<string[]>;
  private userNamespaces?: Promise<string | undefined>;

  constructor(
    private readonly opts: RuncRuntimeOptions,
    private readonly cgroups: Cgroups,
  ) {
    this.store = new ContainerStore(opts.root);
    this.runc = new RuncCli(opts.runcPath ?? '/usr/sbin/runc', opts.runcRoot ?? path.join(opts.root, '.runc'));
    this.cgroupParent = opts.cgroupParent ?? 'stevedore';
    this.conmonPath = opts.conmonPath ?? '/usr/bin/conmon';
    this.log = opts.log ?? logger('runtime');
    this.reaper = new ExitReaper({
      store: this.store,
      runc: this.runc,
      log: this.log,
      containers: () => this.metas.values(),
      recordExit: (meta, exitCode) => this.recordExit(meta, exitCode),
    });
  }

  static async open(opts: RuncRuntimeOptions): Promise<RuncRuntime> {
    await fs.mkdir(opts.root, { recursive: true, mode: 0o711 });
    const runtime = new RuncRuntime(opts, await Cgroups.detect());
    await runtime.recover();
    return runtime;
  }

  async recover(): Promise<void> {
    await this.removeHalfCreated();
    for (const meta of await this.store.loadAll()) {
      this.metas.set(meta.id, meta);
      if (this.isRunning(meta)) {
        // State written before pids were recorded: read conmon's pid file once.
        meta.pid ??= Number.parseInt((await ignoreMissing(fs.readFile(this.store.paths(meta.id).pidFile, 'utf8'))) ?? '', 10) || undefined;
        this.reaper.watch(meta);
      }
    }
    await this.reaper.startPolling(this.opts.pollMs ?? 2000);
  }

  /** A create the agent did not live to finish: its overlay may be mounted, its folder is never adopted. */
  private async removeHalfCreated(): Promise<void> {
    const ids = await this.store.halfCreated();
    for (const id of ids) {
      const paths = this.store.paths(id);
      try {
        await unmount(paths.rootfs);
        await fs.rm(paths.dir, { recursive: true, force: true });
      } catch (err) {
        this.log.warn('cannot remove the folder of a container whose create was interrupted', { container: id.slice(0, 12), err });
      }
    }
    if (ids.length) this.log.info('removed the folders of containers whose create was interrupted', { containers: ids.length });
  }

  async close(): Promise<void> {
    this.reaper.close();
  }

  async create(spec: ContainerCreateSpec): Promise<ContainerInfo> {
    if (!NAME_RE.test(spec.name))
      throw invalidArgument(`invalid container name "${spec.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if ([...this.metas.values()].some((m) => m.spec.name === spec.name)) {
      throw new RuntimeError('AlreadyExists', `the container name "${spec.name}" is already in use`);
    }
    if (spec.security?.userNamespace) {
      this.userNamespaces ??= probeUserNamespaces(this.runc.runcPath);
      const blocker = await this.userNamespaces;
      if (blocker) throw precondition(`user namespaces (hostUsers: false) are not supported on this node: ${blocker}`);
    }
    const id = randomBytes(32).toString('hex');
    const paths = this.store.paths(id);
    const meta: ContainerMeta = {
      id,
      spec,
      cgroupsPath: `/${this.cgroupParent}/${id}`,
      createdAt: new Date().toISOString(),
      restartCount: 0,
    };
    try {
      await Promise.all([paths.upper, paths.work, paths.etcDir, paths.rootfs].map((d) => fs.mkdir(d, { recursive: true })));
      await this.writeBundle(meta);
      await this.store.save(meta);
    } catch (err) {
      await unmount(paths.rootfs, this.mounted.delete(id)).catch((unmountErr) =>
        this.log.warn('cannot unmount the rootfs of a container that failed to be created', {
          container: id.slice(0, 12),
          err: unmountErr,
        }),
      );
      await fs.rm(paths.dir, { recursive: true, force: true });
      throw err;
    }
    this.metas.set(id, meta);
    this.emit(id, 'created');
    return this.info(meta);
  }

  /** Mounts the rootfs and writes config.json; the spec is checked against the image's own files. */
  private async writeBundle(meta: ContainerMeta): Promise<void> {
    const paths = this.store.paths(meta.id);
    const hostname = meta.spec.hostname ?? meta.id.slice(0, 12);
    const etc = {
      hostname: path.join(paths.etcDir, 'hostname'),
      hosts: path.join(paths.etcDir, 'hosts'),
      resolvConf: path.join(paths.etcDir, 'resolv.conf'),
    };
    await fs.writeFile(etc.hostname, `${hostname}\n`);
    const given = meta.spec.etcFiles ?? {};
    await fs.writeFile(
      etc.hosts,
      given.hosts ?? `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t${hostname}\n`,
    );
    await fs.writeFile(etc.resolvConf, given.resolvConf ?? (await ignoreMissing(fs.readFile('/etc/resolv.conf', 'utf8'))) ?? '');
    // A new container's rootfs cannot be mounted yet: mount without reading mountinfo (which grows with every container).
    await mountOverlay(meta.spec.rootfs.lowerDirs, paths.upper, paths.work, paths.rootfs);
    this.mounted.add(meta.id);
    const security = meta.spec.security;
    const resolved = await resolveUser(paths.rootfs, meta.spec.process.user);
    const user = security ? withSupplementalGroups(resolved, security.supplementalGroups, security.imageGroups !== false) : resolved;
    const spec = buildOciSpec({
      spec: meta.spec,
      user,
      etcFiles: etc,
      cgroupsPath: meta.cgroupsPath,
      hostname,
      node: await this.nodePrivileges(meta),
    });
    await fs.writeFile(path.join(paths.bundle, 'config.json'), JSON.stringify(spec));
  }

  private async nodePrivileges(meta: ContainerMeta): Promise<NodePrivileges> {
    this.capabilities ??= nodeCapabilities();
    // Devices are read at each privileged create: disks and USB devices come and go.
    return { capabilities: await this.capabilities, devices: meta.spec.security?.privileged ? await hostDevices() : [] };
  }

  private async ensureMounted(meta: ContainerMeta): Promise<void> {
    if (this.mounted.has(meta.id)) return;
    const p = this.store.paths(meta.id);
    if (!(await isMounted(p.rootfs))) await mountOverlay(meta.spec.rootfs.lowerDirs, p.upper, p.work, p.rootfs);
    this.mounted.add(meta.id);
  }

  /**
   * Running means started and not yet reaped. The reaper records every exit (from conmon's exit
   * file), so this needs no call to runc, which keeps the hot paths free of process spawns.
   */
  private isRunning(meta: ContainerMeta): boolean {
    return !!meta.startedAt && !meta.finishedAt;
  }

  async start(idOrName: string): Promise<void> {
    const meta = this.find(idOrName);
    if (this.isRunning(meta)) {
      // An exit the reaper has not seen yet must be recorded before its exit file is reused.
      await this.reaper.check(meta);
      if (this.isRunning(meta)) return;
    }
    await this.ensureMounted(meta);
    // A container that ran before leaves runc state behind unless the reaper deleted it; a fresh one has none.
    if (meta.startedAt && !this.runcDeleted.has(meta.id)) await this.runc.delete(meta.id);
    this.runcDeleted.delete(meta.id);
    const pid = await launchUnderConmon({
      conmonPath: this.conmonPath,
      runcPath: this.runc.runcPath,
      runcRoot: this.runc.root,
      id: meta.id,
      name: meta.spec.name,
      paths: this.store.paths(meta.id),
      terminal: !!meta.spec.process.tty,
      stdin: !!meta.spec.process.stdin,
      leaveStdinOpen: !meta.spec.process.stdinOnce,
    });
    this.reaper.watch(meta);
    await this.runc.start(meta.id);
    if (meta.startedAt) meta.restartCount++;
    Object.assign(meta, { startedAt: new Date().toISOString(), finishedAt: undefined, exitCode: undefined, oomKilled: undefined, pid });
    await this.store.save(meta);
    this.emit(meta.id, 'started');
    // An exit between `runc start` and the line above found the container not yet started: look once more.
    void this.reaper.checkLogged(meta);
  }

  async stop(idOrName: string, graceSeconds: number): Promise<void> {
    const meta = this.find(idOrName);
    if (!this.isRunning(meta)) return;
    // With no grace period the stop signal would be followed by SIGKILL at once: send only SIGKILL (one runc less).
    if (graceSeconds > 0) {
      const signal = normalizeSignal(meta.spec.stopSignal ?? 'SIGTERM');
      await this.runc
        .signalIfRunning(meta.id, signal)
        .catch((err) =>
          this.log.warn(`cannot send ${signal}; SIGKILL follows after the grace period`, { container: meta.id.slice(0, 12), err }),
        );
      if (await this.reaper.waitExit(meta, graceSeconds * 1000)) return;
    }
    await this.killAll(meta);
    if (!(await this.reaper.waitExit(meta, 10000)))
      throw new RuntimeError('Internal', `container ${meta.id.slice(0, 12)} did not exit after SIGKILL`);
  }

  async kill(idOrName: string, signal: string): Promise<void> {
    const meta = this.find(idOrName);
    if (!this.isRunning(meta)) throw precondition(`container ${meta.spec.name} is not running`);
    await this.runc.kill(meta.id, normalizeSignal(signal)).catch((err: Error) => {
      throw invalidArgument(`cannot send ${signal}: ${err.message}`);
    });
  }

  async restart(idOrName: string, graceSeconds: number): Promise<void> {
    await this.stop(idOrName, graceSeconds);
    await this.start(idOrName);
  }

  async remove(idOrName: string, opts: { force?: boolean } = {}): Promise<void> {
    const meta = this.find(idOrName);
    if (this.isRunning(meta)) {
      if (!opts.force)
        throw precondition(
          `cannot remove container ${meta.spec.name}: container is running: stop the container before removing or force remove`,
        );
      await this.killAll(meta);
      await this.reaper.waitExit(meta, 10000);
    }
    const paths = this.store.paths(meta.id);
    this.reaper.unwatch(meta.id);
    if (!this.runcDeleted.delete(meta.id)) await this.runc.delete(meta.id);
    await unmount(paths.rootfs, this.mounted.delete(meta.id));
    await this.cgroups.remove(meta.cgroupsPath);
    await fs.rm(paths.dir, { recursive: true, force: true });
    this.metas.delete(meta.id);
    this.emit(meta.id, 'removed');
  }

  /** SIGKILL to every process of the container; a failure is logged, and the wait for the exit that follows tells the outcome. */
  private async killAll(meta: ContainerMeta): Promise<void> {
    await this.runc
      .signalIfRunning(meta.id, 'SIGKILL', true)
      .catch((err) => this.log.warn('cannot send SIGKILL', { container: meta.id.slice(0, 12), err }));
  }

  /** Reads nothing from disk: a pod worker lists its own containers on every pass. */
  async list(filter?: ListFilter): Promise<ContainerInfo[]> {
    const metas = [...this.metas.values()].filter((m) => matchesFilter(m.spec.labels, filter));
    return metas.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).map((m) => this.info(m));
  }

  async inspect(idOrName: string): Promise<ContainerInfo> {
    return this.info(this.find(idOrName));
  }

  async writableLayerSize(idOrName: string): Promise<number> {
    return diskUsage(this.store.paths(this.find(idOrName).id).upper);
  }

  async exec(idOrName: string, opts: ExecOptions): Promise<ExecSession> {
    const meta = this.find(idOrName);
    if (!this.isRunning(meta)) throw precondition(`container ${meta.spec.name} is not running`);
    if (opts.args.length === 0) throw invalidArgument('exec needs a command');
    if (opts.tty) {
      const env = [...(opts.env ?? []), 'TERM=xterm'];
      return execOnTerminal(this.runc.runcPath, this.runc.execArgs(meta.id, { ...opts, env, tty: true }));
    }
    const child = this.runc.exec(meta.id, { args: opts.args, env: opts.env, cwd: opts.cwd, stdin: opts.stdin });
    const exitCode = new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    });
    return { stdin: child.stdin ?? undefined, stdout: child.stdout!, stderr: child.stderr!, exitCode };
  }

  async attach(idOrName: string, opts: AttachOptions): Promise<ExecSession> {
    const meta = this.find(idOrName);
    if (!this.isRunning(meta)) throw precondition(`container ${meta.spec.name} is not running`);
    return attachToConmon(this.store.paths(meta.id).bundle, opts.stdin && !!meta.spec.process.stdin);
  }

  logs(idOrName: string, opts: LogOptions = {}): Observable<LogEntry> {
    const meta = this.find(idOrName);
    const done = async () => !this.isRunning(meta);
    return readCriLog(this.store.paths(meta.id).log, opts, done);
  }

  async stats(idOrName: string): Promise<ContainerStats> {
    const meta = this.find(idOrName);
    if (!this.isRunning(meta)) {
      return {
        cpuUsageNanos: 0,
        memoryUsageBytes: 0,
        memoryWorkingSetBytes: 0,
        memoryLimitBytes: meta.spec.resources?.memoryBytes,
        pids: 0,
        oomEvents: 0,
      };
    }
    return this.cgroups.stats(meta.cgroupsPath);
  }

  private find(idOrName: string): ContainerMeta {
    const exact = this.metas.get(idOrName) ?? [...this.metas.values()].find((m) => m.spec.name === idOrName);
    if (exact) return exact;
    const byPrefix =
      idOrName.length >= 1 && /^[0-9a-f]+$/.test(idOrName) ? [...this.metas.values()].filter((m) => m.id.startsWith(idOrName)) : [];
    if (byPrefix.length === 1) return byPrefix[0]!;
    if (byPrefix.length > 1) throw invalidArgument(`multiple containers match "${idOrName}": use more of the id`);
    throw notFound(idOrName);
  }

  private info(meta: ContainerMeta): ContainerInfo {
    const running = this.isRunning(meta);
    const pid = running ? meta.pid : undefined;
    return {
      id: meta.id,
      name: meta.spec.name,
      image: meta.spec.image,
      command: meta.spec.process.args,
      labels: meta.spec.labels ?? {},
      state: running ? 'running' : meta.finishedAt ? 'exited' : 'created',
      createdAt: new Date(meta.createdAt),
      startedAt: meta.startedAt ? new Date(meta.startedAt) : undefined,
      finishedAt: meta.finishedAt ? new Date(meta.finishedAt) : undefined,
      exitCode: meta.exitCode,
      oomKilled: meta.oomKilled,
      pid: pid && pid > 0 ? pid : undefined,
      restartCount: meta.restartCount,
      upperDir: this.store.paths(meta.id).upper,
      logPath: this.store.paths(meta.id).log,
      resources: meta.spec.resources ?? {},
    };
  }

  /** Records an exit the reaper found; frees runc state and cgroup (the next start or the removal retries either). */
  private async recordExit(meta: ContainerMeta, exitCode: number): Promise<void> {
    const container = meta.id.slice(0, 12);
    const oomFile = await pathExists(path.join(this.store.paths(meta.id).persistDir, 'oom'));
    const oomKilled = oomFile || (await this.cgroups.oomKills(meta.cgroupsPath)) > 0;
    Object.assign(meta, { finishedAt: new Date().toISOString(), exitCode, oomKilled, pid: undefined });
    await this.store.save(meta);
    await this.runc.delete(meta.id).then(
      () => this.runcDeleted.add(meta.id),
      (err) => this.log.warn('cannot delete the runc state of an exited container', { container, err }),
    );
    await this.cgroups
      .remove(meta.cgroupsPath)
      .catch((err) => this.log.warn('cannot remove the cgroup of an exited container', { container, err }));
    if (oomKilled) this.emit(meta.id, 'oom');
    this.emit(meta.id, 'exited', exitCode);
  }

  private emit(id: string, type: ContainerEvent['type'], exitCode?: number): void {
    this.events.next({ id, type, at: new Date(), ...(exitCode !== undefined ? { exitCode } : {}) });
  }
}

/** runc takes SIGTERM, TERM or 15; Docker users write all three. */
function normalizeSignal(signal: string): string {
  if (/^\d+$/.test(signal)) return signal;
  const upper = signal.toUpperCase();
  return upper.startsWith('SIG') ? upper : `SIG${upper}`;
}

function signalNumber(signal: NodeJS.Signals): number {
  return (constants.signals as Record<string, number>)[signal] ?? 0;
}
