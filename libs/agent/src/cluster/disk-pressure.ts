// The kubelet's nodefs eviction signal, reduced to what the provisioner needs: when the file
// system holding the agent's data (images, containers, volumes) has less free space than the
// threshold, the Node's DiskPressure condition turns True and no new local volume is made here.
import type { Logger } from '@stevedore/log';
import { promises as fs } from 'fs';

/** As the kubelet's default hard eviction threshold, nodefs.available<10%. */
export const DEFAULT_MIN_FREE_DISK_PERCENT = 10;
const CHECK_MS = 10_000;

export async function underDiskPressure(dir: string, minFreePercent: number): Promise<boolean> {
  const stat = await fs.statfs(dir);
  return stat.blocks > 0 && (stat.bavail * 100) / stat.blocks < minFreePercent;
}

export class DiskPressureMonitor {
  private timer?: NodeJS.Timeout;
  /** The state at the last check; undefined until the first. */
  pressure?: boolean;
  /** The state the control plane was last told: a report made while disconnected is made again. */
  private reported?: boolean;

  /** `report` returns whether the report went out (false while the session is down). */
  constructor(
    private readonly dir: string,
    private readonly minFreePercent: number,
    private readonly report: (pressure: boolean) => boolean,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async check(): Promise<boolean> {
    try {
      const pressure = await underDiskPressure(this.dir, this.minFreePercent);
      if (pressure !== this.pressure && (this.pressure !== undefined || pressure))
        this.log.warn(pressure ? 'disk pressure: free space below threshold' : 'disk pressure over');
      this.pressure = pressure;
      if (pressure !== (this.reported ?? false) && this.report(pressure)) this.reported = pressure;
      return pressure;
    } catch (err) {
      this.log.warn('cannot read free disk space', { dir: this.dir, err });
      return this.pressure ?? false;
    }
  }

  /** A new session registered the node with the current state. */
  registered(): void {
    this.reported = this.pressure;
  }
}
