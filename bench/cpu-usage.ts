// CPU time read from /proc, to say where a phase's time went: the whole machine, one process
// itself, and the children it waited for (the spawn helper's are the agent's host commands: ip,
// CNI plugins, mount, runc). conmon detaches, so it and the `runc create` it runs count only in
// the machine total.

import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';

/** Linux reports /proc CPU times in USER_HZ ticks, 100 a second on every architecture we run on. */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  machine: number;
  processes: Map<number, { self: number; children: number }>;
}

/** Busy CPU seconds of the machine since boot (all but idle and iowait). */
async function machineBusySeconds(): Promise<number> {
  const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
}

/** A process's own CPU seconds and those of its children it has waited for; zeros once it is gone. */
async function processSeconds(pid: number): Promise<{ self: number; children: number }> {
  const stat = (await ignoreMissing(fs.readFile(`/proc/${pid}/stat`, 'utf8'))) ?? '';
  // Fields after the command name (which may hold spaces), counted from field 3 (state).
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const [utime, stime, cutime, cstime] = [fields[11], fields[12], fields[13], fields[14]];
  return { self: ((utime ?? 0) + (stime ?? 0)) / TICKS_PER_SECOND, children: ((cutime ?? 0) + (cstime ?? 0)) / TICKS_PER_SECOND };
}

/** A process's direct children (the kernel's list, read from /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const text = (await ignoreMissing(fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8'))) ?? '';
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

export async function sampleCpu(pids: number[]): Promise<CpuSample> {
  const processes = new Map<number, { self: number; children: number }>();
  for (const pid of pids) processes.set(pid, await processSeconds(pid));
  return { machine: await machineBusySeconds(), processes };
}

/** CPU milliseconds per unit of work between two samples (to 0.1 ms): the machine's, and by pid each process's own and its children's. */
export function cpuMsPer(before: CpuSample, after: CpuSample, units: number) {
  const per = (seconds: number) => Math.round((seconds * 10_000) / units) / 10;
  const processes = new Map<number, { selfMs: number; childrenMs: number }>();
  for (const [pid, a] of after.processes) {
    const b = before.processes.get(pid) ?? { self: 0, children: 0 };
    processes.set(pid, { selfMs: per(a.self - b.self), childrenMs: per(a.children - b.children) });
  }
  return { machineMs: per(after.machine - before.machine), processes };
}
