// The node's own CPU and memory, from /proc, as cAdvisor reports the root cgroup: CPU time
// of every non-idle state, and the working set (memory that cannot be dropped without swap).
import { promises as fs } from 'fs';
import * as os from 'os';

export interface HostUsage {
  cpuUsageNanos: number;
  memoryUsageBytes: number;
  memoryWorkingSetBytes: number;
  memoryCapacityBytes: number;
  cpuCores: number;
}

// /proc/stat counts in USER_HZ, which is 100 on every Linux architecture we run on.
const USER_HZ = 100;

/** The first "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal … */
export function parseProcStat(text: string): number {
  const fields = (text.split('\n').find((l) => l.startsWith('cpu ')) ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return ((user + nice + system + irq + softirq + steal) / USER_HZ) * 1e9;
}

export function parseMeminfo(text: string): { total: number; available: number; free: number } {
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { total: kb('MemTotal'), available: kb('MemAvailable'), free: kb('MemFree') };
}

export async function readHostUsage(procRoot = '/proc'): Promise<HostUsage> {
  const [stat, meminfo] = await Promise.all([fs.readFile(`${procRoot}/stat`, 'utf8'), fs.readFile(`${procRoot}/meminfo`, 'utf8')]);
  const mem = parseMeminfo(meminfo);
  return {
    cpuUsageNanos: parseProcStat(stat),
    memoryUsageBytes: mem.total - mem.free,
    memoryWorkingSetBytes: mem.total - mem.available,
    memoryCapacityBytes: mem.total,
    cpuCores: os.cpus().length,
  };
}
