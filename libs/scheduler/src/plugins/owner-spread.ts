import type { Pod } from '@stevedore/api';
import type { NodeInfo, ScorePlugin, Snapshot } from '../types';

export function controllerUid(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

/** Spreads the pods of one controller (ReplicaSet, DaemonSet, Job) across nodes. */
export const ownerSpread: ScorePlugin = {
  name: 'OwnerSpread',
  weight: 2,
  appliesTo: (pod) => !!controllerUid(pod),
  score(pod: Pod, node: NodeInfo, snapshot: Snapshot): number {
    const owner = controllerUid(pod);
    if (!owner) return 100;
    const here = snapshot.ownedPodsOn(owner, node.name);
    return Math.round(100 / (1 + here));
  },
};
