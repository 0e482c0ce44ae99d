// Pod health as the StatefulSet controller judges it (Kubernetes' isRunningAndReady and friends).
import type { Pod } from '@stevedore/api';
import { isAvailable, isReady } from '../common/pods';

export const isTerminating = (pod: Pod) => !!pod.metadata.deletionTimestamp;

export const isRunningAndReady = (pod: Pod) => pod.status?.phase === 'Running' && isReady(pod);

/** Running and Ready for at least minReadySeconds. */
export const isAvailableStateful = (pod: Pod, minReadySeconds: number, now: number) =>
  pod.status?.phase === 'Running' && isAvailable(pod, minReadySeconds, now);

/** What the rollout waits for before it touches the next pod. */
export const isHealthy = (pod: Pod, minReadySeconds: number, now: number) =>
  isAvailableStateful(pod, minReadySeconds, now) && !isTerminating(pod);
