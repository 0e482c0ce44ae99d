// The kubelet's /stats/summary document (the subset metrics-server reads): the node's and each
// pod's containers' CPU and memory, with CPU as a rate over the sampler's last window.
import type { ContainerInfo } from '@stevedore/runtime';
import { LABELS } from '../pods/pod-host';
import type { StatsSampler, Usage } from './stats-sampler';

function cpuMemory(usage: Usage, time: string) {
  return {
    cpu: {
      time,
      usageCoreNanoSeconds: Math.round(usage.cpuUsageNanos),
      ...(usage.usageNanoCores !== undefined ? { usageNanoCores: usage.usageNanoCores } : {}),
    },
    memory: { time, workingSetBytes: usage.memoryWorkingSetBytes, usageBytes: usage.memoryUsageBytes },
  };
}

export function statsSummary(nodeName: string, sampler: StatsSampler, bootTime: Date) {
  const { latest } = sampler.window();
  const host = sampler.hostUsage();
  if (!latest || !host) return { node: { nodeName, startTime: bootTime.toISOString() }, pods: [] };
  const time = new Date(latest.at).toISOString();
  const pods = new Map<string, { info: ContainerInfo; containers: object[] }>();
  for (const { info } of latest.containers.values()) {
    const uid = info.labels[LABELS.podUid];
    const usage = sampler.containerUsage(info.id);
    if (!uid || !usage) continue;
    const pod = pods.get(uid) ?? { info, containers: [] };
    pod.containers.push({
      name: info.labels[LABELS.container] ?? info.name,
      startTime: (info.startedAt ?? info.createdAt).toISOString(),
      ...cpuMemory(usage, time),
    });
    pods.set(uid, pod);
  }
  return {
    node: { nodeName, startTime: bootTime.toISOString(), ...cpuMemory(host, time) },
    pods: [...pods.entries()].map(([uid, { info, containers }]) => ({
      podRef: { name: info.labels[LABELS.podName] ?? '', namespace: info.labels[LABELS.podNamespace] ?? '', uid },
      startTime: info.createdAt.toISOString(),
      containers,
    })),
  };
}
