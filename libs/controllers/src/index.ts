// Public API of @stevedore/controllers: level-triggered workload decisions as pure functions.
export { planReplicaSet, replicaSetStatus, BURST_REPLICAS } from './replicaset/replicaset-plan';
export type { ReplicaSetPlan, ReplicaSetStatus } from './replicaset/replicaset-plan';
export { planDeployment, REVISION_ANNOTATION } from './deployment/deployment-plan';
export type { DeploymentPlan } from './deployment/deployment-plan';
export { deploymentStatus } from './deployment/deployment-status';
export type { DeploymentStatus } from './deployment/deployment-status';
export { templateHash } from './deployment/template-hash';
export { surgeAndUnavailable, resolveIntOrPercent } from './deployment/rolling-math';
export { podFromTemplate } from './common/template';
export type { PodTemplate } from './common/template';
export { controllerRef, isControlledBy, ownedPods } from './common/owner';
export { isActive, isReady, isAvailable, selectorMatches, deletionOrder, podPhase } from './common/pods';
export { planJob } from './job/job-plan';
export type { JobPlan, JobStatus } from './job/job-plan';
export { planDaemonSet, DAEMON_HASH_LABEL } from './daemonset/daemonset-plan';
export type { DaemonSetPlan } from './daemonset/daemonset-plan';
