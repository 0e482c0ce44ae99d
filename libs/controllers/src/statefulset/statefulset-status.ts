// The status kubectl reads (`get sts` READY, `rollout status`), from the pods and the revisions.
import type { ControllerRevision, Pod, StatefulSetStatus } from '@stevedore/api';
import { isAvailableStateful, isRunningAndReady, isTerminating } from './stateful-health';
import { type NamedSet, revisionOf } from './stateful-identity';

export function statefulSetStatus(
  set: NamedSet,
  pods: readonly Pod[],
  revs: { current: ControllerRevision; update: ControllerRevision },
  minReadySeconds: number,
  now: number,
): StatefulSetStatus {
  const counted = pods.filter((p) => !isTerminating(p));
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: pods.length,
    readyReplicas: pods.filter(isRunningAndReady).length,
    availableReplicas: pods.filter((p) => isAvailableStateful(p, minReadySeconds, now)).length,
    currentReplicas: counted.filter((p) => revisionOf(p) === revs.current.metadata.name).length,
    updatedReplicas: counted.filter((p) => revisionOf(p) === revs.update.metadata.name).length,
    currentRevision: revs.current.metadata.name,
    updateRevision: revs.update.metadata.name,
    collisionCount: set.status?.collisionCount ?? 0,
  };
  // A finished rolling update makes the update revision the current one.
  const done =
    set.spec.updateStrategy?.type !== 'OnDelete' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas;
  return done ? { ...status, currentReplicas: status.updatedReplicas, currentRevision: status.updateRevision } : status;
}
