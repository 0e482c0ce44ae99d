// Public API of @stevedore/scheduler: pure placement decisions over a cluster snapshot.

export { ClusterState } from './cluster-state';
export { nodeMatchesPod } from './plugins/node-affinity';
export type { PluginSet } from './plugins/registry';
export { DEFAULT_PLUGINS } from './plugins/registry';
export { tolerates, toleratesOne } from './plugins/taint-toleration';
export type { VolumeLister } from './plugins/volume-binding';
export { delaysBinding, podClaimNames, volumeBinding, volumeFitsNode } from './plugins/volume-binding';
export { awaitingVictims, candidatesToFind, findPreemption, type Preemption, type PreemptionOptions } from './preemption';
export { hostPorts, nodeAllocatable, podRequests } from './resources';
export { feasibleNodesToFind, Scheduler, unschedulableMessage } from './scheduler';
export type { FilterPlugin, FilterStatus, NodeInfo, Resources, ScheduleResult, ScorePlugin, Snapshot } from './types';
