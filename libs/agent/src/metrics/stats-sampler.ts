// Samples the node's and every running container's cgroup counters on a fixed period and keeps
// the last two samples, so CPU usage can be given as a rate (nanocores) the moment someone asks,
// as the kubelet's summary API does for metrics.k8s.io.
import { type Logger, logger } from '@stevedore/log';
import { type ContainerInfo, type ContainerRuntime, type ContainerStats, ignoreNoSuchContainer } from '@stevedore/runtime';
import { LABELS } from '../pods/pod-host';
import { type HostUsage, readHostUsage } from './host-usage';
import { type InterfaceStats, readPodNetwork } from './pod-network';

export interface ContainerSample {
  info: ContainerInfo;
  stats: ContainerStats;
}

export interface Sample {
  at: number;
  host: HostUsage;
  containers: Map<string, ContainerSample>;
  /** By pod uid: the pod's interfaces, read through one of its running containers. */
  networks?: Map<string, { info: ContainerInfo; interfaces: InterfaceStats[] }>;
}

export interface Usage {
  /** Since boot (host) or container start, in nanoseconds of CPU time. */
  cpuUsageNanos: number;
  /** Average over the last sampling window; undefined until two samples exist. */
  usageNanoCores?: number;
  memoryWorkingSetBytes: number;
  memoryUsageBytes: number;
}

/**
 * Sampling starts with the first request for rates, so agents nobody asks (hollow nodes by the
 * hundred) cost nothing; the first answer after that has no CPU rate yet, as with metrics-server.
 */
export class StatsSampler {
  private previous?: Sample;
  private latest?: Sample;
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<Sample>;
  private stopped = false;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly periodMs = 10_000,
    private readonly readHost: () => Promise<HostUsage> = () => readHostUsage(),
    private readonly log: Logger = logger('agent'),
  ) {}

  /** Starts the periodic sampling (idempotent). */
  start(): void {
    if (this.timer || this.stopped) return;
    const sampleLogged = () =>
      void this.sample().catch((err) =>
        this.log.warn('cannot sample the node and container stats; the rates wait for the next sample', { err }),
      );
    sampleLogged();
    this.timer = setInterval(sampleLogged, this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Reads everything now; concurrent callers share one reading. */
  sample(): Promise<Sample> {
    this.sampling ??= this.readNow()
      .then((sample) => {
        this.previous = this.latest;
        this.latest = sample;
        return sample;
      })
      .finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  /** The newest two samples (the older may be missing right after start). */
  window(): { latest?: Sample; previous?: Sample } {
    this.start();
    return { latest: this.latest, previous: this.previous };
  }

  hostUsage(): Usage | undefined {
    this.start();
    const { latest, previous } = this;
    if (!latest) return undefined;
    return {
      ...latest.host,
      usageNanoCores: rate(previous && { at: previous.at, nanos: previous.host.cpuUsageNanos }, {
        at: latest.at,
        nanos: latest.host.cpuUsageNanos,
      }),
    };
  }

  containerUsage(id: string): Usage | undefined {
    const now = this.latest?.containers.get(id);
    if (!now || !this.latest) return undefined;
    const before = this.previous?.containers.get(id);
    return {
      ...now.stats,
      usageNanoCores: rate(before && { at: this.previous!.at, nanos: before.stats.cpuUsageNanos }, {
        at: this.latest.at,
        nanos: now.stats.cpuUsageNanos,
      }),
    };
  }

  /** A reading that leaves the rate window alone (a scrape between two samples must not shorten it). */
  async readNow(): Promise<Sample> {
    const running = (await this.runtime.list()).filter((c) => c.state === 'running');
    const containers = new Map<string, ContainerSample>();
    await Promise.all(
      running.map(async (info) => {
        // A container removed since the list has no stats; one that fails to give them is left out of this sample.
        const stats = await ignoreNoSuchContainer(this.runtime.stats(info.id)).catch(
          (err) => void this.log.warn("cannot read the container's stats", { container: info.id.slice(0, 12), err }),
        );
        if (stats) containers.set(info.id, { info, stats });
      }),
    );
    return { at: Date.now(), host: await this.readHost(), containers, networks: await this.readNetworks(running) };
  }

  private async readNetworks(running: ContainerInfo[]): Promise<Sample['networks']> {
    const byPod = new Map<string, ContainerInfo>();
    for (const info of running) {
      const uid = info.labels[LABELS.podUid];
      if (uid && info.pid && !byPod.has(uid)) byPod.set(uid, info);
    }
    const networks = new Map<string, { info: ContainerInfo; interfaces: InterfaceStats[] }>();
    await Promise.all(
      [...byPod].map(async ([uid, info]) => {
        const interfaces = await readPodNetwork(info.pid!).catch(
          (err) => void this.log.warn("cannot read the pod's network counters", { pod: uid, err }),
        );
        if (interfaces?.length) networks.set(uid, { info, interfaces });
      }),
    );
    return networks;
  }
}

/** CPU nanoseconds per second of wall time = nanocores; a counter that went back (restart) gives none. */
export function rate(before: { at: number; nanos: number } | undefined, after: { at: number; nanos: number }): number | undefined {
  if (!before || after.at <= before.at || after.nanos < before.nanos) return undefined;
  return Math.round(((after.nanos - before.nanos) / (after.at - before.at)) * 1000);
}
