// How many pods a PodDisruptionBudget expects, and how many of them must stay healthy, as
// Kubernetes' disruption controller computes them: a minAvailable count needs only the matching
// pods; a percentage or maxUnavailable needs the desired scale of the pods' controllers.
import { type Deployment, deployments, type Pod, type PodDisruptionBudget, type ReplicaSet, replicaSets } from '@stevedore/api';
import { resolveIntOrPercent } from '../deployment/rolling-math';
import { controllingRef } from '../runtime/owner-key';

export interface Workloads {
  replicaSets: readonly ReplicaSet[];
  deployments: readonly Deployment[];
}

export type Expected = { expectedPods: number; desiredHealthy: number } | { error: string };

/** The controller whose replicas a pod counts toward (a Deployment over its ReplicaSet), with that count. */
function scaleOf(pod: Pod, workloads: Workloads): { uid: string; replicas: number } | { error: string } {
  const ref = controllingRef(pod);
  if (!ref) return { error: `found no controller ref for pod "${pod.metadata.name}"` };
  const namespace = pod.metadata.namespace;
  const rs = workloads.replicaSets.find((r) => r.metadata.uid === ref.uid && r.metadata.namespace === namespace);
  if (ref.kind === replicaSets.kind && rs) {
    const rsRef = controllingRef(rs);
    if (rsRef?.kind !== deployments.kind) return { uid: rs.metadata.uid!, replicas: rs.spec?.replicas ?? 1 };
    const deployment = workloads.deployments.find((d) => d.metadata.uid === rsRef.uid && d.metadata.namespace === namespace);
    if (deployment) return { uid: deployment.metadata.uid!, replicas: deployment.spec?.replicas ?? 1 };
  }
  return { error: `found no controllers for pod "${pod.metadata.name}"` };
}

/** The sum of the desired replicas of the pods' controllers, each counted once. */
function expectedScale(pods: readonly Pod[], workloads: Workloads): number | { error: string } {
  const byController = new Map<string, number>();
  for (const pod of pods) {
    const scale = scaleOf(pod, workloads);
    if ('error' in scale) return scale;
    byController.set(scale.uid, scale.replicas);
  }
  return [...byController.values()].reduce((a, b) => a + b, 0);
}

/** Percentages round up for both fields, as GetScaledValueFromIntOrPercent(…, roundUp=true). */
export function expectedAndDesired(pdb: PodDisruptionBudget, pods: readonly Pod[], workloads: Workloads): Expected {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (typeof minAvailable === 'number') return { expectedPods: pods.length, desiredHealthy: minAvailable };
  if (minAvailable === undefined && maxUnavailable === undefined) return { expectedPods: pods.length, desiredHealthy: 0 };
  const scale = expectedScale(pods, workloads);
  if (typeof scale !== 'number') return scale;
  if (minAvailable !== undefined) return { expectedPods: scale, desiredHealthy: resolveIntOrPercent(minAvailable, scale, true, '0') };
  const unavailable = resolveIntOrPercent(maxUnavailable, scale, true, '0');
  return { expectedPods: scale, desiredHealthy: Math.max(0, scale - unavailable) };
}
