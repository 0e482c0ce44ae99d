// kube-scheduler's InterPodAffinity: a pod's required affinity (go where pods it names are) and
// anti-affinity (keep away from them), per topology domain, and the anti-affinity of pods already
// placed, which keeps a newcomer they name out of their domains. Preferred terms score nodes.
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '@stevedore/api';
import { podKeyOf } from '../trial-node';
import type { FilterPlugin, FilterStatus, NodeInfo, PlacedPod, ScorePlugin, Snapshot } from '../types';
import { domainOf, requiredAffinityTerms, requiredAntiAffinityTerms, selectedInDomain, termSelects } from './affinity-terms';
import { memoTable } from './domain-counts';

/** Per topology key, per domain value: the placed pods whose anti-affinity keeps the pod out. */
type Blockers = Map<string, Map<string, PlacedPod[]>>;
const blockerTables = memoTable<Blockers>();
const firstOfGroupTables = memoTable<boolean>();

const EXISTING_ANTI_AFFINITY: FilterStatus = {
  code: 'Unschedulable',
  reason: "node(s) didn't satisfy existing pods anti-affinity rules",
};
const AFFINITY: FilterStatus = { code: 'UnschedulableAndUnresolvable', reason: "node(s) didn't match pod affinity rules" };
const ANTI_AFFINITY: FilterStatus = { code: 'Unschedulable', reason: "node(s) didn't match pod anti-affinity rules" };

export const interPodAffinity: FilterPlugin = {
  name: 'InterPodAffinity',
  appliesTo: (pod, snapshot) =>
    requiredAffinityTerms(pod).length > 0 ||
    requiredAntiAffinityTerms(pod).length > 0 ||
    // Without the index every placed pod could hold a rule against this one.
    (snapshot?.withRequiredAntiAffinity?.().length ?? 1) > 0,
  filter(pod: Pod, node: NodeInfo, snapshot?: Snapshot): FilterStatus | undefined {
    if (!snapshot) return undefined;
    // kube-scheduler's order, which decides the reason users read.
    if (!requiredAffinityMet(pod, node, snapshot)) return AFFINITY;
    const anti = requiredAntiAffinityTerms(pod);
    if (anti.some((term) => selectedInDomain(term, pod, node, snapshot) > 0)) return ANTI_AFFINITY;
    if (blockedByPlacedPods(pod, node, snapshot)) return EXISTING_ANTI_AFFINITY;
    return undefined;
  },
};

/** A placed pod whose required anti-affinity selects `pod` and shares a domain with `node`. */
function blockedByPlacedPods(pod: Pod, node: NodeInfo, snapshot: Snapshot): boolean {
  for (const [key, domains] of blockersOf(pod, snapshot)) {
    const value = domainOf(node, key);
    const blockers = value === undefined ? undefined : domains.get(value);
    // A victim preemption is trying to evict from this node holds no rule any more.
    if (blockers?.some((b) => b.nodeName !== node.name || node.pods.has(podKeyOf(b.pod)))) return true;
  }
  return false;
}

/** Worked out once per pod and cluster version: every candidate node then costs a lookup per key. */
function blockersOf(pod: Pod, snapshot: Snapshot): Blockers {
  return blockerTables(pod, snapshot, () => {
    const blockers: Blockers = new Map();
    for (const placed of snapshot.withRequiredAntiAffinity?.() ?? placedPods(snapshot)) {
      const placedNode = snapshot.get(placed.nodeName);
      if (!placedNode) continue;
      for (const term of requiredAntiAffinityTerms(placed.pod)) {
        const value = domainOf(placedNode, term.topologyKey);
        if (value === undefined || !termSelects(term, placed.pod, pod, snapshot)) continue;
        const domains = blockers.get(term.topologyKey) ?? new Map<string, PlacedPod[]>();
        domains.set(value, [...(domains.get(value) ?? []), placed]);
        blockers.set(term.topologyKey, domains);
      }
    }
    return blockers;
  });
}

/**
 * Every required affinity term has a selected pod in the node's domain. The first pod of a group
 * that names itself could never start, so as in Kubernetes it may go to any node with the
 * topology labels while no pod in the cluster matches its terms.
 */
function requiredAffinityMet(pod: Pod, node: NodeInfo, snapshot: Snapshot): boolean {
  const terms = requiredAffinityTerms(pod);
  if (!terms.length) return true;
  if (terms.every((term) => selectedInDomain(term, pod, node, snapshot) > 0)) return true;
  const firstOfGroup = firstOfGroupTables(
    terms,
    snapshot,
    () => !anyPodMatchesAll(terms, pod, snapshot) && terms.every((t) => termSelects(t, pod, pod, snapshot)),
  );
  return firstOfGroup && terms.every((term) => domainOf(node, term.topologyKey) !== undefined);
}

function anyPodMatchesAll(terms: readonly PodAffinityTerm[], owner: Pod, snapshot: Snapshot): boolean {
  for (const node of snapshot.nodes)
    for (const pod of node.pods.values()) if (terms.every((t) => termSelects(t, owner, pod, snapshot))) return true;
  return false;
}

function placedPods(snapshot: Snapshot) {
  return snapshot.nodes.flatMap((node) => [...node.pods.values()].map((pod) => ({ pod, nodeName: node.name })));
}

const preferred = (pod: Pod) => ({
  affinity: pod.spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
  anti: pod.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
});

const weighted = (terms: readonly WeightedPodAffinityTerm[], pod: Pod, node: NodeInfo, snapshot: Snapshot) =>
  terms.reduce((sum, t) => sum + t.weight * selectedInDomain(t.podAffinityTerm, pod, node, snapshot), 0);

/** Preferred terms: each selected pod in the node's domain adds (affinity) or takes away (anti-affinity) the term's weight. */
export const interPodAffinityPreference: ScorePlugin = {
  name: 'InterPodAffinityPreference',
  weight: 2,
  normalize: true,
  appliesTo: (pod) => {
    const { affinity, anti } = preferred(pod);
    return affinity.length + anti.length > 0;
  },
  score(pod: Pod, node: NodeInfo, snapshot: Snapshot): number {
    const { affinity, anti } = preferred(pod);
    return weighted(affinity, pod, node, snapshot) - weighted(anti, pod, node, snapshot);
  },
};
