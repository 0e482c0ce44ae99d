// Public API of @stevedore/scheduler: pure placement decisions over a cluster snapshot.
export { Scheduler, feasibleNodesToFind, unschedulableMessage } from './scheduler';
export { ClusterState } from './cluster-state';
export { DEFAULT_PLUGINS } from './plugins/registry';
export type { PluginSet } from './plugins/registry';
export { tolerates, toleratesOne } from './plugins/taint-toleration';
export { nodeMatchesPod } from './plugins/node-affinity';
export { podRequests, nodeAllocatable, hostPorts } from './resources';
export type { FilterPlugin, FilterStatus, NodeInfo, Resources, ScorePlugin, ScheduleResult, Snapshot } from './types';
