// Reads container stats from cgroups and removes cgroup directories, for both layouts: cgroup v1
// (one hierarchy per controller, possibly with a hybrid v2 mount at /sys/fs/cgroup/unified)
// and pure cgroup v2 (one unified hierarchy). runc creates the groups; we read and remove them.

import { ignoreMissing, pathExists } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ContainerStats } from '../container-runtime';

export const CGROUP_ROOT = '/sys/fs/cgroup';

export type CgroupLayout = 'v1' | 'v2';

export async function detectLayout(root = CGROUP_ROOT): Promise<CgroupLayout> {
  return (await pathExists(path.join(root, 'cgroup.controllers'))) ? 'v2' : 'v1';
}

/** A controller file, or undefined when the group (or that controller) is not there: removed after an exit, or not enabled. */
async function readText(file: string): Promise<string | undefined> {
  return ignoreMissing(fs.readFile(file, 'utf8'));
}

async function readNumber(file: string): Promise<number> {
  const text = (await readText(file))?.trim();
  const n = text === undefined || text === 'max' ? NaN : Number(text);
  return Number.isFinite(n) ? n : 0;
}

/** Parses "key value" lines (memory.stat, cpu.stat, memory.events, memory.oom_control). */
export function parseKeyValues(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

// v1 reports "unlimited" as a huge page-aligned number.
const V1_UNLIMITED = 2 ** 62;

export class Cgroups {
  constructor(
    private readonly layout: CgroupLayout,
    private readonly root = CGROUP_ROOT,
  ) {}

  static async detect(root = CGROUP_ROOT): Promise<Cgroups> {
    return new Cgroups(await detectLayout(root), root);
  }

  private v1(controller: string, cgroupsPath: string, file: string): string {
    return path.join(this.root, controller, cgroupsPath, file);
  }

  private v2(cgroupsPath: string, file: string): string {
    return path.join(this.root, cgroupsPath, file);
  }

  async stats(cgroupsPath: string): Promise<ContainerStats> {
    return this.layout === 'v2' ? this.statsV2(cgroupsPath) : this.statsV1(cgroupsPath);
  }

  private async statsV1(p: string): Promise<ContainerStats> {
    const usage = await readNumber(this.v1('memory', p, 'memory.usage_in_bytes'));
    const stat = parseKeyValues(await readText(this.v1('memory', p, 'memory.stat')));
    const limit = await readNumber(this.v1('memory', p, 'memory.limit_in_bytes'));
    const inactive = stat.total_inactive_file ?? stat.inactive_file ?? 0;
    return {
      cpuUsageNanos: await readNumber(this.v1('cpuacct', p, 'cpuacct.usage')),
      memoryUsageBytes: usage,
      memoryWorkingSetBytes: Math.max(0, usage - inactive),
      memoryLimitBytes: limit > 0 && limit < V1_UNLIMITED ? limit : undefined,
      pids: await readNumber(this.v1('pids', p, 'pids.current')),
      oomEvents: await this.oomKills(p),
    };
  }

  private async statsV2(p: string): Promise<ContainerStats> {
    const usage = await readNumber(this.v2(p, 'memory.current'));
    const stat = parseKeyValues(await readText(this.v2(p, 'memory.stat')));
    const cpu = parseKeyValues(await readText(this.v2(p, 'cpu.stat')));
    const limit = await readNumber(this.v2(p, 'memory.max'));
    return {
      cpuUsageNanos: (cpu.usage_usec ?? 0) * 1000,
      memoryUsageBytes: usage,
      memoryWorkingSetBytes: Math.max(0, usage - (stat.inactive_file ?? 0)),
      memoryLimitBytes: limit > 0 ? limit : undefined,
      pids: await readNumber(this.v2(p, 'pids.current')),
      oomEvents: await this.oomKills(p),
    };
  }

  /** How many processes the kernel OOM-killed in this group (read before the group is removed). */
  async oomKills(p: string): Promise<number> {
    if (this.layout === 'v2') return parseKeyValues(await readText(this.v2(p, 'memory.events'))).oom_kill ?? 0;
    return parseKeyValues(await readText(this.v1('memory', p, 'memory.oom_control'))).oom_kill ?? 0;
  }

  /** Every directory that holds this group, in each hierarchy (v1 controllers, hybrid unified, or v2). */
  async directories(p: string): Promise<string[]> {
    if (this.layout === 'v2') return [this.v2(p, '')];
    const hierarchies = (await ignoreMissing(fs.readdir(this.root))) ?? [];
    return hierarchies.map((h) => path.join(this.root, h, p));
  }

  /** Removes the group's directories (deepest first); missing ones are fine. */
  async remove(p: string): Promise<void> {
    for (const dir of await this.directories(p)) {
      await ignoreMissing(fs.rmdir(dir));
    }
  }
}
