// Samples a process's resident memory and open descriptors from /proc, and its libuv handles from
// the `nodejs_active_handles` metric, at a fixed interval: the raw series of a soak test.

import { leastSquaresSlope, type Sample, secondHalf } from '@stevedore/metrics';
import { promises as fs } from 'fs';

export interface ProcessSample {
  /** Seconds since sampling began. */
  t: number;
  rssMb: number;
  /** The V8 heap in use: tells a leak of JavaScript objects from memory the allocator keeps. */
  heapMb: number;
  fds: number;
  handles: number;
}

export interface Watched {
  name: string;
  pid: number;
  /** The process's Prometheus exposition text. */
  metrics(): Promise<string>;
}

export async function sampleProcess(watched: Watched, t: number): Promise<ProcessSample> {
  const status = await fs.readFile(`/proc/${watched.pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  const fds = (await fs.readdir(`/proc/${watched.pid}/fd`)).length;
  const exposition = await watched.metrics();
  const heapBytes = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(exposition)?.[1]);
  return { t, rssMb: rssKb / 1024, heapMb: heapBytes / 2 ** 20, fds, handles: activeHandlesIn(exposition) };
}

/** The sum of `nodejs_active_handles` over its types; fails when the metric is missing. */
export function activeHandlesIn(exposition: string): number {
  const lines = exposition.split('\n').filter((l) => l.startsWith('nodejs_active_handles{'));
  if (!lines.length) throw new Error(`no nodejs_active_handles in the metrics:\n${exposition.slice(0, 300)}`);
  return lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

export interface Slopes {
  mbPerMin: number;
  heapMbPerMin: number;
  fdsPerMin: number;
  handlesPerMin: number;
}

/** Least-squares slopes per minute over the second half of the samples (after warm-up). */
export function slopesOf(samples: ProcessSample[]): Slopes {
  const late = secondHalf(samples);
  const per = (pick: (s: ProcessSample) => number) => leastSquaresSlope(late.map((s): Sample => ({ t: s.t, value: pick(s) }))) * 60;
  return {
    mbPerMin: per((s) => s.rssMb),
    heapMbPerMin: per((s) => s.heapMb),
    fdsPerMin: per((s) => s.fds),
    handlesPerMin: per((s) => s.handles),
  };
}

/** Samples every watched process each interval until stopped; a failed sample fails the run. */
export function startSampling(watched: Watched[], intervalMs: number) {
  const series = new Map<string, ProcessSample[]>(watched.map((w) => [w.name, []]));
  const started = Date.now();
  let error: unknown;
  const timer = setInterval(() => {
    const t = (Date.now() - started) / 1000;
    for (const w of watched) {
      sampleProcess(w, t).then(
        (s) => series.get(w.name)!.push(s),
        (err) => (error ??= err),
      );
    }
  }, intervalMs);
  return {
    series,
    stop(): Map<string, ProcessSample[]> {
      clearInterval(timer);
      if (error) throw error;
      return series;
    },
  };
}
