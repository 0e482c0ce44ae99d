// kube-scheduler's PodTopologySpread: topologySpreadConstraints keep the pods a selector picks
// (in the pod's namespace) within maxSkew of the emptiest domain. DoNotSchedule constraints
// filter nodes; ScheduleAnyway ones prefer the nodes whose domains hold the fewest.
import { labelSelectorMatches, type Pod, type TopologySpreadConstraint } from '@stevedore/api';
import type { FilterPlugin, FilterStatus, NodeInfo, ScorePlugin, Snapshot } from '../types';
import { correctedForTrial, countByDomain, memoTable } from './domain-counts';
import { nodeMatchesPod } from './node-affinity';
import { tolerates } from './taint-toleration';

const MISSING_LABEL: FilterStatus = {
  code: 'UnschedulableAndUnresolvable',
  reason: "node(s) didn't match pod topology spread constraints (missing required label)",
};
const SKEW: FilterStatus = { code: 'Unschedulable', reason: "node(s) didn't match pod topology spread constraints" };

const constraintsOf = (pod: Pod, when: string) => (pod.spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === when);

/** Whether a placed pod counts for the constraint: same namespace, selected, not on its way out. */
function counts(constraint: TopologySpreadConstraint, owner: Pod, pod: Pod): boolean {
  if (!constraint.labelSelector || pod.metadata.deletionTimestamp) return false;
  if ((pod.metadata.namespace ?? 'default') !== (owner.metadata.namespace ?? 'default')) return false;
  const labels = pod.metadata.labels ?? {};
  const own = owner.metadata.labels ?? {};
  // matchLabelKeys narrows the selector to pods with the owner's values (a Deployment's pod-template-hash).
  const sameValues = (constraint.matchLabelKeys ?? []).every((key) => own[key] === undefined || labels[key] === own[key]);
  return sameValues && labelSelectorMatches(constraint.labelSelector, labels);
}

function countOn(constraint: TopologySpreadConstraint, owner: Pod, node: NodeInfo): number {
  let n = 0;
  for (const pod of node.pods.values()) if (counts(constraint, owner, pod)) n++;
  return n;
}

/**
 * Nodes that take part in spreading: those the pod's node affinity allows (nodeAffinityPolicy
 * Honor, the default) and, with nodeTaintsPolicy Honor, whose taints it tolerates, carrying every
 * topology key of the pod's constraints.
 */
function eligible(pod: Pod, constraint: TopologySpreadConstraint, node: NodeInfo): boolean {
  const keys = (pod.spec.topologySpreadConstraints ?? []).map((c) => c.topologyKey);
  if (keys.some((key) => node.node.metadata.labels?.[key] === undefined)) return false;
  if (constraint.nodeAffinityPolicy !== 'Ignore' && !nodeMatchesPod(pod, node.node)) return false;
  if (constraint.nodeTaintsPolicy === 'Honor') {
    const tolerations = pod.spec.tolerations ?? [];
    return node.taints.every((t) => (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') || tolerates(tolerations, t));
  }
  return true;
}

const domainTables = memoTable<{ byDomain: Map<string, number>; min: number }>();

/** Selected pods per domain over the eligible nodes, and the smallest count (0 below minDomains domains). */
function domainCounts(pod: Pod, constraint: TopologySpreadConstraint, snapshot: Snapshot) {
  return domainTables(constraint, snapshot, () => {
    const byDomain = countByDomain(
      snapshot,
      constraint.topologyKey,
      (node) => countOn(constraint, pod, node),
      (node) => eligible(pod, constraint, node),
    );
    const enoughDomains = byDomain.size >= (constraint.minDomains ?? 1);
    const min = enoughDomains && byDomain.size ? Math.min(...byDomain.values()) : 0;
    return { byDomain, min };
  });
}

/** Selected pods in the node's domain, reading the node's own pods from `node` (a trial view during preemption). */
function inDomain(pod: Pod, constraint: TopologySpreadConstraint, node: NodeInfo, snapshot: Snapshot, value: string): number {
  const total = domainCounts(pod, constraint, snapshot).byDomain.get(value) ?? 0;
  const stored = snapshot.get(node.name);
  if (stored && !eligible(pod, constraint, stored)) return total;
  return correctedForTrial(total, node, snapshot, (n) => countOn(constraint, pod, n));
}

export const podTopologySpread: FilterPlugin = {
  name: 'PodTopologySpread',
  appliesTo: (pod) => constraintsOf(pod, 'DoNotSchedule').length > 0,
  filter(pod: Pod, node: NodeInfo, snapshot?: Snapshot): FilterStatus | undefined {
    if (!snapshot) return undefined;
    for (const constraint of constraintsOf(pod, 'DoNotSchedule')) {
      const value = node.node.metadata.labels?.[constraint.topologyKey];
      if (value === undefined) return MISSING_LABEL;
      const self = counts(constraint, pod, pod) ? 1 : 0;
      const skew = inDomain(pod, constraint, node, snapshot, value) + self - domainCounts(pod, constraint, snapshot).min;
      if (skew > constraint.maxSkew) return SKEW;
    }
    return undefined;
  },
};

/** ScheduleAnyway: fewer selected pods in the node's domain score higher; a node outside every domain scores lowest. */
export const podTopologySpreadPreference: ScorePlugin = {
  name: 'PodTopologySpreadPreference',
  weight: 2,
  normalize: true,
  appliesTo: (pod) => constraintsOf(pod, 'ScheduleAnyway').length > 0,
  score(pod: Pod, node: NodeInfo, snapshot: Snapshot): number {
    let crowding = 0;
    for (const constraint of constraintsOf(pod, 'ScheduleAnyway')) {
      const value = node.node.metadata.labels?.[constraint.topologyKey];
      if (value === undefined) return Number.NEGATIVE_INFINITY;
      crowding += inDomain(pod, constraint, node, snapshot, value);
    }
    return -crowding;
  },
};
