// Notices that containers have exited. conmon writes exit/<id> when a container ends: a watch on
// each exit directory answers at once, and a slow poll is the safety net for a conmon that died
// without writing one. One check per container runs at a time, so the watch, the poll and a
// waiting stop() never record the same exit twice.

import { hasErrnoCode, ignoreGone, ignoreMissing } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import { type FSWatcher, promises as fs, watch } from 'fs';
import type { ContainerMeta, ContainerStore } from './container-store';
import type { RuncCli } from './runc-cli';

export interface ExitReaperDeps {
  store: ContainerStore;
  runc: RuncCli;
  log: Logger;
  /** Every container this process knows, for the poll. */
  containers: () => Iterable<ContainerMeta>;
  /** Records an exit a check found (255 when conmon died without writing the code). */
  recordExit: (meta: ContainerMeta, exitCode: number) => Promise<void>;
}

interface Check {
  done: Promise<void>;
  again?: Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ExitReaper {
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly checks = new Map<string, Check>();
  private readonly watches = new Map<string, FSWatcher>();

  constructor(private readonly deps: ExitReaperDeps) {}

  /** Checks every started container now, then every `pollMs`. */
  async startPolling(pollMs: number): Promise<void> {
    await this.pollAll();
    this.timer ??= setInterval(() => void this.pollAll(), pollMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const watcher of this.watches.values()) watcher.close();
    this.watches.clear();
  }

  watch(meta: ContainerMeta): void {
    if (this.watches.has(meta.id)) return;
    const container = meta.id.slice(0, 12);
    try {
      const watcher = watch(this.deps.store.paths(meta.id).exitDir, { persistent: false }, () => void this.checkLogged(meta));
      watcher.on('error', (err) => {
        this.deps.log.debug('the exit watch failed; the poll still looks', { container, err });
        this.unwatch(meta.id);
      });
      this.watches.set(meta.id, watcher);
    } catch (err) {
      // No exit directory (never launched) is expected; out of inotify watches is not. The poll still looks.
      if (!hasErrnoCode(err, 'ENOENT'))
        this.deps.log.warn("cannot watch for the container's exit; the poll still looks", { container, err });
    }
  }

  unwatch(id: string): void {
    this.watches.get(id)?.close();
    this.watches.delete(id);
  }

  /** True once the container's exit is recorded, false if it still runs after `timeoutMs`. */
  async waitExit(meta: ContainerMeta, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    do {
      await this.check(meta);
      if (meta.finishedAt) return true;
      await sleep(50);
    } while (Date.now() < deadline);
    return false;
  }

  /** A check nobody waits for (the watch, the poll): a failure is logged, and the next poll checks again. */
  checkLogged(meta: ContainerMeta): Promise<void> {
    return this.check(meta).catch((err) =>
      this.deps.log.warn('cannot check whether the container has exited; trying again', { container: meta.id.slice(0, 12), err }),
    );
  }

  /**
   * One check per container at a time. A request while a check runs gets one more check after it
   * (the exit file may have appeared after the running check looked).
   */
  check(meta: ContainerMeta): Promise<void> {
    const queued = this.checks.get(meta.id);
    if (queued) {
      queued.again ??= queued.done.then(() => this.check(meta));
      return queued.again;
    }
    const entry: Check = { done: Promise.resolve() };
    entry.done = this.findExit(meta).finally(() => {
      if (this.checks.get(meta.id) === entry) this.checks.delete(meta.id);
    });
    this.checks.set(meta.id, entry);
    return entry.done;
  }

  private async pollAll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const meta of this.deps.containers()) if (meta.startedAt && !meta.finishedAt) await this.checkLogged(meta);
    } finally {
      this.polling = false;
    }
  }

  private async findExit(meta: ContainerMeta): Promise<void> {
    if (!meta.startedAt || meta.finishedAt) return;
    const paths = this.deps.store.paths(meta.id);
    const readExit = async () => {
      const code = Number.parseInt((await ignoreMissing(fs.readFile(paths.exitFile(meta.id), 'utf8'))) ?? '', 10);
      return Number.isInteger(code) ? code : undefined;
    };
    let exitCode = await readExit();
    if (exitCode === undefined) {
      // No exit file yet. While conmon lives it will write one; if conmon is gone too (a reboot,
      // a killed monitor) the exit code is lost and we record 255, as Docker does for "unknown".
      if (await processAlive(paths.conmonPidFile)) return;
      const state = await this.deps.runc.state(meta.id);
      if (state?.status === 'running' || state?.status === 'created' || state?.status === 'creating') return;
      exitCode = (await readExit()) ?? 255;
    }
    this.unwatch(meta.id);
    await this.deps.recordExit(meta, exitCode);
  }
}

async function processAlive(pidFile: string): Promise<boolean> {
  const pid = Number.parseInt((await ignoreMissing(fs.readFile(pidFile, 'utf8'))) ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!ignoreGone(() => process.kill(pid, 0))) return false;
  // A zombie still answers kill(0); conmon's parent may not have reaped it yet.
  const stat = (await ignoreMissing(fs.readFile(`/proc/${pid}/stat`, 'utf8'))) ?? '';
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}
