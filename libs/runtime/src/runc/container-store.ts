// The runtime's state on disk, one directory per container, enough to re-adopt containers after
// an agent restart. meta.json is replaced atomically (temp file + rename).

import { ignoreMissing, writeFileAtomic } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ContainerCreateSpec } from '../container-runtime';

export interface ContainerMeta {
  id: string;
  spec: ContainerCreateSpec;
  cgroupsPath: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  oomKilled?: boolean;
  restartCount: number;
  /** The running attempt's pid (conmon reports it), so listing containers reads no pid files. */
  pid?: number;
}

/** Where each of a container's files lives. */
export class ContainerPaths {
  constructor(readonly dir: string) {}
  get meta() {
    return path.join(this.dir, 'meta.json');
  }
  get bundle() {
    return path.join(this.dir, 'bundle');
  }
  get rootfs() {
    return path.join(this.dir, 'bundle', 'rootfs');
  }
  get upper() {
    return path.join(this.dir, 'upper');
  }
  get work() {
    return path.join(this.dir, 'work');
  }
  get log() {
    return path.join(this.dir, 'ctr.log');
  }
  get exitDir() {
    return path.join(this.dir, 'exit');
  }
  get persistDir() {
    return path.join(this.dir, 'persist');
  }
  get etcDir() {
    return path.join(this.dir, 'etc');
  }
  get pidFile() {
    return path.join(this.dir, 'container.pid');
  }
  get conmonPidFile() {
    return path.join(this.dir, 'conmon.pid');
  }
  exitFile(id: string) {
    return path.join(this.exitDir, id);
  }
}

export class ContainerStore {
  constructor(readonly root: string) {}

  paths(id: string): ContainerPaths {
    return new ContainerPaths(path.join(this.root, id));
  }

  async save(meta: ContainerMeta): Promise<void> {
    await writeFileAtomic(this.paths(meta.id).meta, JSON.stringify(meta, null, 2));
  }

  async load(id: string): Promise<ContainerMeta | undefined> {
    const text = await ignoreMissing(fs.readFile(this.paths(id).meta, 'utf8'));
    return text ? (JSON.parse(text) as ContainerMeta) : undefined;
  }

  /**
   * Directories a create left without meta.json: the agent died between the first mkdir and the
   * save that makes a container exist. Nothing else refers to them (no runc state, no cgroup).
   */
  async halfCreated(): Promise<string[]> {
    const entries = (await ignoreMissing(fs.readdir(this.root))) ?? [];
    const ids = entries.filter((e) => /^[0-9a-f]{64}$/.test(e));
    const missing = await Promise.all(ids.map(async (id) => (await ignoreMissing(fs.stat(this.paths(id).meta))) === undefined));
    return ids.filter((_, i) => missing[i]);
  }

  /** Every container with a readable meta.json; half-created directories are skipped. */
  async loadAll(): Promise<ContainerMeta[]> {
    const entries = (await ignoreMissing(fs.readdir(this.root))) ?? [];
    const metas = await Promise.all(entries.filter((e) => /^[0-9a-f]{64}$/.test(e)).map((id) => this.load(id)));
    return metas.filter((m): m is ContainerMeta => !!m);
  }
}
