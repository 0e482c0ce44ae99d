// The ReplicaSet controller's decision, as a pure function of the ReplicaSet, the pods it owns and now.
import type { Pod, ReplicaSet } from '@stevedore/api';
import { ownedPods } from '../common/owner';
import { deletionOrder, isActive, isAvailable, isReady, matchesLabels } from '../common/pods';

/** At most this many pods are created or deleted in one sync, as in Kubernetes. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
}

export interface ReplicaSetPlan {
  /** Number of pods to create from the template. */
  create: number;
  /** Pods to delete, worst first. */
  delete: Pod[];
  status: ReplicaSetStatus;
}

export function replicaSetStatus(rs: ReplicaSet, active: Pod[], now: number): ReplicaSetStatus {
  const templateLabels = rs.spec.template?.metadata?.labels;
  const minReady = rs.spec.minReadySeconds ?? 0;
  return {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => matchesLabels(templateLabels, p.metadata.labels)).length,
    readyReplicas: active.filter(isReady).length,
    availableReplicas: active.filter((p) => isAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation,
  };
}

export function planReplicaSet(rs: ReplicaSet, pods: readonly Pod[], now: number): ReplicaSetPlan {
  const active = ownedPods(pods, rs.metadata.uid).filter(isActive);
  const want = rs.spec.replicas ?? 1;
  const diff = want - active.length;
  const status = replicaSetStatus(rs, active, now);
  if (rs.metadata.deletionTimestamp) return { create: 0, delete: [], status };
  if (diff > 0) return { create: Math.min(diff, BURST_REPLICAS), delete: [], status };
  const surplus = [...active].sort(deletionOrder).slice(0, Math.min(-diff, BURST_REPLICAS));
  return { create: 0, delete: surplus, status };
}
