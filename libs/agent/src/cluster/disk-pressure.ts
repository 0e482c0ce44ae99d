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
  /** Last reported state; undefined until the first check. */
  pressure?: boolean;

  constructor(
    private readonly dir: string,
    private readonly minFreePercent: number,
    private readonly report: (pressure: boolean) => void,
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
      if (pressure !== this.pressure) {
        if (this.pressure !== undefined || pressure)
          this.log.warn(pressure ? 'disk pressure: free space below threshold' : 'disk pressure over');
        this.pressure = pressure;
        this.report(pressure);
      }
      return pressure;
    } catch (err) {
      this.log.warn('cannot read free disk space', { dir: this.dir, err });
      return this.pressure ?? false;
    }
  }
}
