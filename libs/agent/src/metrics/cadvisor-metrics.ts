// Per-container metrics under the names and labels cAdvisor (and so the kubelet's
// /metrics/cadvisor) uses, read from the containers' cgroups (v1 or v2, through the runtime),
// plus the node as the root container ("/") and the machine's size.
import { Counter, Gauge, newRegistry, type Registry } from '@stevedore/metrics';
import { CONTAINER_LABEL_NAMES, type ContainerLabels, containerLabels, ROOT_LABELS } from './container-labels';
import type { Sample } from './stats-sampler';

type Name = (typeof CONTAINER_LABEL_NAMES)[number];

export class CadvisorMetrics {
  readonly registry: Registry = newRegistry();
  private readonly cpu = this.counter('container_cpu_usage_seconds_total', 'Cumulative CPU time consumed, in seconds.');
  private readonly memoryUsage = this.gauge(
    'container_memory_usage_bytes',
    'Current memory usage, including all memory regardless of when it was accessed.',
  );
  private readonly workingSet = this.gauge('container_memory_working_set_bytes', 'Current working set: usage minus inactive file cache.');
  private readonly memoryLimit = this.gauge('container_spec_memory_limit_bytes', 'Memory limit of the container (0 when unlimited).');
  private readonly cpuQuota = this.gauge('container_spec_cpu_quota', 'CPU quota of the container, in microseconds per period.');
  private readonly cpuPeriod = this.gauge('container_spec_cpu_period', 'CPU period of the container, in microseconds.');
  private readonly cpuShares = this.gauge('container_spec_cpu_shares', 'CPU shares of the container.');
  private readonly oom = this.counter('container_oom_events_total', 'Processes of the container killed by the kernel OOM killer.');
  private readonly processes = this.gauge('container_processes', 'Number of processes running inside the container.');
  private readonly startTime = this.gauge('container_start_time_seconds', 'Start time of the container since the Unix epoch, in seconds.');
  private readonly lastSeen = this.gauge('container_last_seen', 'Last time the container was seen, since the Unix epoch, in seconds.');
  private readonly network = networkCounters(this.registry);
  private readonly cores = new Gauge({
    name: 'machine_cpu_cores',
    help: 'Number of logical CPU cores of the machine.',
    registers: [this.registry],
  });
  private readonly machineMemory = new Gauge({
    name: 'machine_memory_bytes',
    help: 'Amount of memory installed on the machine, in bytes.',
    registers: [this.registry],
  });

  constructor(private readonly cgroupParent = '') {}

  /** Replaces every value with those of the sample (containers that are gone disappear). */
  update(sample: Sample): void {
    for (const metric of Object.values(this.network)) metric.reset();
    for (const { info, interfaces } of sample.networks?.values() ?? []) {
      // The pod's own series, as cAdvisor gives the pod's sandbox: no container or image.
      const pod = { ...containerLabels(info, this.cgroupParent), container: '', image: '', name: '' };
      for (const i of interfaces) {
        const labels = { ...pod, interface: i.name };
        this.network.rxBytes.inc(labels, i.rxBytes);
        this.network.rxPackets.inc(labels, i.rxPackets);
        this.network.rxErrors.inc(labels, i.rxErrors);
        this.network.rxDropped.inc(labels, i.rxDropped);
        this.network.txBytes.inc(labels, i.txBytes);
        this.network.txPackets.inc(labels, i.txPackets);
        this.network.txErrors.inc(labels, i.txErrors);
        this.network.txDropped.inc(labels, i.txDropped);
      }
    }
    for (const metric of [
      this.cpu,
      this.memoryUsage,
      this.workingSet,
      this.memoryLimit,
      this.cpuQuota,
      this.cpuPeriod,
      this.cpuShares,
      this.oom,
      this.processes,
      this.startTime,
      this.lastSeen,
    ])
      metric.reset();
    const seenAt = sample.at / 1000;
    this.cores.set(sample.host.cpuCores);
    this.machineMemory.set(sample.host.memoryCapacityBytes);
    this.cpu.inc(ROOT_LABELS, sample.host.cpuUsageNanos / 1e9);
    this.memoryUsage.set(ROOT_LABELS, sample.host.memoryUsageBytes);
    this.workingSet.set(ROOT_LABELS, sample.host.memoryWorkingSetBytes);
    this.lastSeen.set(ROOT_LABELS, seenAt);
    for (const { info, stats } of sample.containers.values()) {
      const labels: ContainerLabels = containerLabels(info, this.cgroupParent);
      this.cpu.inc(labels, stats.cpuUsageNanos / 1e9);
      this.memoryUsage.set(labels, stats.memoryUsageBytes);
      this.workingSet.set(labels, stats.memoryWorkingSetBytes);
      this.memoryLimit.set(labels, stats.memoryLimitBytes ?? 0);
      if (info.resources.cpuQuota) this.cpuQuota.set(labels, info.resources.cpuQuota);
      if (info.resources.cpuPeriod) this.cpuPeriod.set(labels, info.resources.cpuPeriod);
      this.cpuShares.set(labels, info.resources.cpuShares ?? 1024);
      this.oom.inc(labels, stats.oomEvents);
      this.processes.set(labels, stats.pids);
      if (info.startedAt) this.startTime.set(labels, info.startedAt.getTime() / 1000);
      this.lastSeen.set(labels, seenAt);
    }
  }

  private gauge(name: string, help: string): Gauge<Name> {
    return new Gauge({ name, help, labelNames: CONTAINER_LABEL_NAMES, registers: [this.registry] });
  }

  private counter(name: string, help: string): Counter<Name> {
    return new Counter({ name, help, labelNames: CONTAINER_LABEL_NAMES, registers: [this.registry] });
  }
}

function networkCounters(registry: Registry) {
  const labelNames = [...CONTAINER_LABEL_NAMES, 'interface'] as const;
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers: [registry] });
  return {
    rxBytes: counter('container_network_receive_bytes_total', 'Bytes received by the pod, per interface.'),
    rxPackets: counter('container_network_receive_packets_total', 'Packets received by the pod, per interface.'),
    rxErrors: counter('container_network_receive_errors_total', 'Errors while receiving, per interface.'),
    rxDropped: counter('container_network_receive_packets_dropped_total', 'Received packets dropped, per interface.'),
    txBytes: counter('container_network_transmit_bytes_total', 'Bytes sent by the pod, per interface.'),
    txPackets: counter('container_network_transmit_packets_total', 'Packets sent by the pod, per interface.'),
    txErrors: counter('container_network_transmit_errors_total', 'Errors while sending, per interface.'),
    txDropped: counter('container_network_transmit_packets_dropped_total', 'Sent packets dropped, per interface.'),
  };
}
