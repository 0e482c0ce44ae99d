import type { Pod } from '@stevedore/api';
import { podRequests, podRequestsForScoring } from '../resources';
import type { FilterPlugin, FilterStatus, NodeInfo, ScorePlugin } from '../types';

/** Fails nodes whose allocatable cannot hold the pod's requests on top of what is requested already. */
export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(pod: Pod, node: NodeInfo): FilterStatus | undefined {
    const want = podRequests(pod);
    const { allocatable: cap, requested: used } = node;
    if (used.pods + 1 > cap.pods) return { code: 'Unschedulable', reason: 'Too many pods' };
    if (want.milliCpu && used.milliCpu + want.milliCpu > cap.milliCpu) return { code: 'Unschedulable', reason: 'Insufficient cpu' };
    if (want.memory && used.memory + want.memory > cap.memory) return { code: 'Unschedulable', reason: 'Insufficient memory' };
    return undefined;
  },
};

/** Prefers the node with the most free CPU and memory left after placing the pod. */
export const leastAllocated: ScorePlugin = {
  name: 'NodeResourcesLeastAllocated',
  weight: 1,
  score(pod: Pod, node: NodeInfo): number {
    const want = podRequestsForScoring(pod);
    const free = (capacity: number, used: number) => (capacity <= 0 ? 0 : Math.max(0, (capacity - used) * 100) / capacity);
    const cpu = free(node.allocatable.milliCpu, node.requested.milliCpu + want.milliCpu);
    const mem = free(node.allocatable.memory, node.requested.memory + want.memory);
    return Math.round((cpu + mem) / 2);
  },
};
