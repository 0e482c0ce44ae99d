// Unpacked layers, each stored once under its chain ID (the identity of a layer *and* everything
// below it), so images sharing base layers share their unpacked directories too.

import { diskUsage, ignoreMissing, pathExists } from '@stevedore/files';
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

export class SnapshotStore {
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(readonly root: string) {}

  /** chainId([d1]) = d1; chainId([.., dn]) = sha256(chainId(prev) + " " + dn), as the OCI image spec defines. */
  static chainId(diffIds: string[]): string {
    let chain = '';
    for (const diffId of diffIds) {
      chain = chain ? `sha256:${createHash('sha256').update(`${chain} ${diffId}`).digest('hex')}` : diffId;
    }
    return chain;
  }

  private hex(chainId: string): string {
    if (!/^sha256:[a-f0-9]{64}$/.test(chainId)) throw new Error(`malformed chain ID ${chainId}`);
    return chainId.slice(7);
  }

  /** The layer's files (a lower dir for overlayfs). */
  dir(chainId: string): string {
    return path.join(this.root, this.hex(chainId), 'fs');
  }

  async has(chainId: string): Promise<boolean> {
    return pathExists(this.dir(chainId));
  }

  /**
   * Makes the snapshot by running `fill` on a fresh temporary directory, then renaming it into
   * place, so a crash or a failed unpack never leaves a half-filled snapshot under its ID.
   */
  prepare(chainId: string, fill: (dir: string) => Promise<void>): Promise<string> {
    const running = this.inflight.get(chainId);
    if (running) return running;
    const work = this.create(chainId, fill).finally(() => this.inflight.delete(chainId));
    this.inflight.set(chainId, work);
    return work;
  }

  private async create(chainId: string, fill: (dir: string) => Promise<void>): Promise<string> {
    if (await this.has(chainId)) return this.dir(chainId);
    const tmp = path.join(this.root, `tmp-${this.hex(chainId).slice(0, 12)}-${randomBytes(6).toString('hex')}`);
    await fs.mkdir(path.join(tmp, 'fs'), { recursive: true, mode: 0o755 });
    try {
      await fill(path.join(tmp, 'fs'));
      await fs.rename(tmp, path.join(this.root, this.hex(chainId)));
    } catch (err) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw err;
    }
    return this.dir(chainId);
  }

  async remove(chainId: string): Promise<void> {
    await fs.rm(path.join(this.root, this.hex(chainId)), { recursive: true, force: true });
  }

  async list(): Promise<string[]> {
    const names = (await ignoreMissing(fs.readdir(this.root))) ?? [];
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }

  /** Leftovers of interrupted prepares. */
  async cleanTemporary(): Promise<void> {
    const names = (await ignoreMissing(fs.readdir(this.root))) ?? [];
    await Promise.all(
      names.filter((n) => n.startsWith('tmp-')).map((n) => fs.rm(path.join(this.root, n), { recursive: true, force: true })),
    );
  }

  async size(chainId: string): Promise<number> {
    return diskUsage(this.dir(chainId));
  }
}
