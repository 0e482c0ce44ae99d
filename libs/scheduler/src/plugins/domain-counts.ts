// What a plugin works out once per pod and cluster version. A pod's affinity and spread rules
// compare every candidate node's domain with the others; counting the whole cluster again for
// each candidate would make one decision cost nodes × pods.
import type { NodeInfo, Snapshot } from '../types';

interface Memo<T> {
  snapshot: Snapshot;
  version: number | undefined;
  value: T;
}

export type MemoTable<T> = (key: object, snapshot: Snapshot, compute: () => T) => T;

/**
 * A table of results keyed by an object of the pod being scheduled (the pod, a term, a
 * constraint), computed again only when the snapshot has changed since. A snapshot without a
 * version is never trusted to be the same. One table per use, so keys never collide.
 */
export function memoTable<T>(): MemoTable<T> {
  const memos = new WeakMap<object, Memo<T>>();
  return (key, snapshot, compute) => {
    const memo = memos.get(key);
    if (memo && memo.snapshot === snapshot && memo.version !== undefined && memo.version === snapshot.version) return memo.value;
    const value = compute();
    memos.set(key, { snapshot, version: snapshot.version, value });
    return value;
  };
}

/** The sum of `count(node)` over the nodes of each value of `topologyKey`; nodes without the label are in no domain. */
export function countByDomain(
  snapshot: Snapshot,
  topologyKey: string,
  count: (node: NodeInfo) => number,
  eligible: (node: NodeInfo) => boolean = () => true,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of snapshot.nodes) {
    const value = node.node.metadata.labels?.[topologyKey];
    if (value === undefined || !eligible(node)) continue;
    counts.set(value, (counts.get(value) ?? 0) + count(node));
  }
  return counts;
}

/**
 * `total` (from the snapshot) with the candidate's own count read from `node` instead: during
 * preemption `node` is a trial view with some pods gone. The node itself needs no correction.
 */
export function correctedForTrial(total: number, node: NodeInfo, snapshot: Snapshot, count: (node: NodeInfo) => number): number {
  const stored = snapshot.get(node.name);
  if (!stored || stored === node) return total;
  return total - count(stored) + count(node);
}
