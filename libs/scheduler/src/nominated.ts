// Room reserved by preemption: a pod nominated to a node waits there for its victims to leave,
// and until it binds, pods of the same or lower priority see the node as if it were already on
// it, so that they neither take the freed room nor preempt for it again.
import type { Pod } from '@stevedore/api';
import { priorityOf } from './preemption-order';
import { podKeyOf, TrialNode } from './trial-node';
import type { NodeInfo, Snapshot } from './types';

/** The pods nominated to `nodeName` that `pod` must leave room for: those of at least its priority, other than itself. */
export function nominatedAhead(pod: Pod, nodeName: string, snapshot: Snapshot): Pod[] {
  const nominated = snapshot.nominatedOn?.(nodeName);
  if (!nominated?.length) return [];
  const key = podKeyOf(pod);
  return nominated.filter((p) => priorityOf(p) >= priorityOf(pod) && podKeyOf(p) !== key);
}

/** `node` as `pod` must see it: with the nominated pods ahead of it in place. The node itself when there are none. */
export function withNominated(pod: Pod, node: NodeInfo, snapshot: Snapshot): NodeInfo {
  const ahead = nominatedAhead(pod, node.name, snapshot);
  if (!ahead.length) return node;
  const trial = new TrialNode(node, []);
  for (const p of ahead) trial.restore(p);
  return trial;
}
