// The standard process_* metrics (and a few nodejs_* ones) for one registry. prom-client's own
// defaults include gauges named *_total, which promtool rejects, so we keep a small set that
// follows the conventions: counters end in _total, units are base units.

import { hasErrnoCode } from '@stevedore/files';
import { readdirSync } from 'fs';
import { monitorEventLoopDelay } from 'perf_hooks';
import { Counter, Gauge, type Registry } from 'prom-client';
import { getHeapSpaceStatistics } from 'v8';

const startedAt = Date.now() / 1000 - process.uptime();

/** Undefined without /proc (not Linux); any other failure (EMFILE: out of descriptors) fails the scrape and says so. */
export function openFds(fdDir = '/proc/self/fd'): number | undefined {
  try {
    return readdirSync(fdDir).length;
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return undefined;
    throw err;
  }
}

/**
 * libuv handles keeping the process alive (sockets, servers, child processes, watchers), by type.
 * Node documents no public way to list handles; `_getActiveHandles` is what prom-client reads too.
 */
export function activeHandles(): Map<string, number> {
  const byType = new Map<string, number>();
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  for (const handle of handles) {
    const type = handle?.constructor?.name ?? 'unknown';
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  return byType;
}

/** Handles plus requests and timers, by type (the documented `process.getActiveResourcesInfo`). */
export function activeResources(): Map<string, number> {
  const byType = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) byType.set(type, (byType.get(type) ?? 0) + 1);
  return byType;
}

// One event-loop monitor per process (it runs a timer), however many registries report it.
let loopDelay: ReturnType<typeof monitorEventLoopDelay> | undefined;
function eventLoopDelay(): ReturnType<typeof monitorEventLoopDelay> {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
  }
  return loopDelay;
}

export function registerProcessMetrics(registry: Registry): void {
  const registers = [registry];
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent, in seconds.',
    registers,
    collect() {
      const usage = process.cpuUsage();
      this.reset();
      this.inc((usage.user + usage.system) / 1e6);
    },
  });
  new Gauge({
    name: 'process_start_time_seconds',
    help: 'Start time of the process since the Unix epoch, in seconds.',
    registers,
    collect() {
      this.set(Math.round(startedAt));
    },
  });
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size, in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: 'process_open_fds',
    help: 'Number of open file descriptors.',
    registers,
    collect() {
      const fds = openFds();
      if (fds !== undefined) this.set(fds);
    },
  });
  new Gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'V8 heap in use, in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });
  new Gauge({
    name: 'nodejs_heap_size_total_bytes',
    help: 'V8 heap allocated, in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage().heapTotal);
    },
  });
  new Gauge({
    name: 'nodejs_heap_space_size_total_bytes',
    help: 'V8 heap allocated per space (new, old, code, large objects...), in bytes.',
    labelNames: ['space'],
    registers,
    collect() {
      for (const s of getHeapSpaceStatistics()) this.set({ space: s.space_name.replace(/_space$/, '') }, s.space_size);
    },
  });
  new Gauge({
    name: 'nodejs_external_memory_bytes',
    help: 'Memory of JavaScript objects held outside the V8 heap (Buffers and the like), in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage().external);
    },
  });
  // A leak of sockets, watchers or timers shows here long before descriptors or memory run out.
  new Gauge({
    name: 'nodejs_active_handles',
    help: 'Active libuv handles (sockets, servers, child processes, watchers), by type.',
    labelNames: ['type'],
    registers,
    collect() {
      this.reset();
      for (const [type, n] of activeHandles()) this.set({ type }, n);
    },
  });
  new Gauge({
    name: 'nodejs_active_resources',
    help: 'Active handles, requests and timers keeping the event loop alive, by type.',
    labelNames: ['type'],
    registers,
    collect() {
      this.reset();
      for (const [type, n] of activeResources()) this.set({ type }, n);
    },
  });
  const delay = eventLoopDelay();
  new Gauge({
    name: 'nodejs_eventloop_delay_p99_seconds',
    help: "99th percentile of event loop delay over the process's life, in seconds.",
    registers,
    collect() {
      this.set(delay.count ? delay.percentile(99) / 1e9 : 0);
    },
  });
}
