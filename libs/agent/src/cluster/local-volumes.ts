// The node half of the local-path provisioner: the data of a provisioned volume lives in
// `<volumes dir>/pvc-<claim uid>`, made by the pod worker when it first mounts the volume. This
// sweep removes it once the PersistentVolume is gone, if the volume's reclaim policy, as last
// seen on the object, was Delete: a volume deleted by an administrator after its claim was
// released under Retain keeps its data for the administrator to deal with, as upstream.
//
// A sweep rather than a finalizer: the agent needs no right to write PersistentVolumes, and data
// of volumes deleted while the node was down goes at its next sweep all the same.
import { ignoreMissing } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import { promises as fs } from 'fs';
import * as path from 'path';
import { reclaimRecord, recordReclaimPolicy } from '../pods/claim-volumes';
import type { Obj } from '../pods/pod-status';

const SWEEP_MS = 10_000;

export class LocalVolumeSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly dir: string,
    private readonly fetchVolume: (name: string) => Promise<Obj | undefined>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err) => this.log.warn('local volume sweep failed; trying again at the next one', { dir: this.dir, err }));
    }, SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const entries = (await ignoreMissing(fs.readdir(this.dir, { withFileTypes: true }))) ?? [];
      for (const entry of entries) {
        if (entry.isDirectory() && entry.name.startsWith('pvc-')) await this.look(path.join(this.dir, entry.name));
      }
    } finally {
      this.sweeping = false;
    }
  }

  private async look(dataDir: string): Promise<void> {
    const name = path.basename(dataDir);
    let pv: Obj | undefined;
    try {
      pv = await this.fetchVolume(name);
    } catch (err) {
      // Not reachable or not allowed now: nothing is decided without a clear "not found".
      this.log.debug('cannot look up a local volume; keeping its data', { volume: name, err });
      return;
    }
    if (pv) return recordReclaimPolicy(dataDir, pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain');
    const policy = await ignoreMissing(fs.readFile(reclaimRecord(dataDir), 'utf8'));
    if (policy !== 'Delete') return;
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rm(reclaimRecord(dataDir), { force: true });
    this.log.info('removed the data of a deleted volume (reclaim policy Delete)', { volume: name });
  }
}
