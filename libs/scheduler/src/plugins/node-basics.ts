import type { Pod } from '@stevedore/api';
import { hostPorts } from '../resources';
import type { FilterPlugin, FilterStatus, NodeInfo } from '../types';
import { tolerates } from './taint-toleration';

/** A pod that names its node only fits that node. */
export const nodeName: FilterPlugin = {
  name: 'NodeName',
  appliesTo: (pod) => !!pod.spec.nodeName,
  filter(pod: Pod, node: NodeInfo): FilterStatus | undefined {
    const wanted = pod.spec.nodeName;
    return wanted && wanted !== node.name
      ? { code: 'UnschedulableAndUnresolvable', reason: "node(s) didn't match the requested node name" }
      : undefined;
  },
};

/** Cordoned nodes take no new pods, unless the pod tolerates the unschedulable taint. */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(pod: Pod, node: NodeInfo): FilterStatus | undefined {
    if (!node.unschedulable) return undefined;
    const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
    return tolerates(pod.spec.tolerations ?? [], taint)
      ? undefined
      : { code: 'UnschedulableAndUnresolvable', reason: 'node(s) were unschedulable' };
  },
};

/** Only nodes whose Ready condition is True take pods. */
export const nodeReady: FilterPlugin = {
  name: 'NodeReady',
  filter(_pod: Pod, node: NodeInfo): FilterStatus | undefined {
    return node.ready ? undefined : { code: 'Unschedulable', reason: 'node(s) were not ready' };
  },
};

/** A hostPort can be bound by one pod per node. */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  appliesTo: (pod) => hostPorts(pod).length > 0,
  filter(pod: Pod, node: NodeInfo): FilterStatus | undefined {
    for (const key of hostPorts(pod)) {
      const [protocol, ip, port] = key.split('/');
      const clash =
        node.usedHostPorts.has(key) ||
        (ip === '0.0.0.0'
          ? [...node.usedHostPorts].some((u) => u.startsWith(`${protocol}/`) && u.endsWith(`/${port}`))
          : node.usedHostPorts.has(`${protocol}/0.0.0.0/${port}`));
      if (clash) return { code: 'Unschedulable', reason: "node(s) didn't have free ports for the requested pod ports" };
    }
    return undefined;
  },
};
