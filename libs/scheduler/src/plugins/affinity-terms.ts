// Pod affinity terms as kube-scheduler reads them: which pods a term selects (its label selector
// in its namespaces, with matchLabelKeys/mismatchLabelKeys taken from the pod that carries the
// term) and which nodes share a topology domain (the same value of the term's topologyKey).
import { labelSelectorMatches, type Pod, type PodAffinityTerm } from '@stevedore/api';
import type { NodeInfo, Snapshot } from '../types';
import { correctedForTrial, countByDomain, memoTable } from './domain-counts';

const domainTotals = memoTable<Map<string, number>>();

const NO_TERMS: readonly PodAffinityTerm[] = [];

export const requiredAffinityTerms = (pod: Pod): readonly PodAffinityTerm[] =>
  pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? NO_TERMS;

export const requiredAntiAffinityTerms = (pod: Pod): readonly PodAffinityTerm[] =>
  pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? NO_TERMS;

export const hasRequiredAntiAffinity = (pod: Pod): boolean => requiredAntiAffinityTerms(pod).length > 0;

/** Whether `candidate` is one of the pods the term of `owner` selects. */
export function termSelects(term: PodAffinityTerm, owner: Pod, candidate: Pod, snapshot?: Snapshot): boolean {
  // A term without a label selector selects no pod at all (an empty one selects every pod).
  if (!term.labelSelector) return false;
  if (!inTermNamespaces(term, owner, candidate.metadata.namespace ?? 'default', snapshot)) return false;
  const labels = candidate.metadata.labels ?? {};
  if (!labelSelectorMatches(term.labelSelector, labels)) return false;
  const own = owner.metadata.labels ?? {};
  // Keys the owner lacks add nothing, as the API server merges only the keys the pod has.
  const sameValue = (term.matchLabelKeys ?? []).every((key) => own[key] === undefined || labels[key] === own[key]);
  const otherValue = (term.mismatchLabelKeys ?? []).every((key) => own[key] === undefined || labels[key] !== own[key]);
  return sameValue && otherValue;
}

/**
 * The term's namespaces: those listed plus those its namespaceSelector picks (an empty selector
 * picks all); neither given means the owner's own namespace.
 */
function inTermNamespaces(term: PodAffinityTerm, owner: Pod, namespace: string, snapshot?: Snapshot): boolean {
  const listed = term.namespaces ?? [];
  const selector = term.namespaceSelector;
  if (!listed.length && !selector) return namespace === (owner.metadata.namespace ?? 'default');
  if (listed.includes(namespace)) return true;
  if (!selector) return false;
  const empty = !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
  return empty || labelSelectorMatches(selector, snapshot?.namespaceLabels?.(namespace) ?? {});
}

/** The node's value for a topology key; undefined when the node is in no domain of that key. */
export const domainOf = (node: NodeInfo, topologyKey: string): string | undefined => node.node.metadata.labels?.[topologyKey];

/**
 * Pods a term selects in the candidate's domain. The domain's count is worked out once per
 * cluster version; the candidate's own pods are then read from `node`, which is a trial view of
 * the node with some pods gone while preemption looks for victims.
 */
export function selectedInDomain(term: PodAffinityTerm, owner: Pod, node: NodeInfo, snapshot: Snapshot): number {
  const value = domainOf(node, term.topologyKey);
  if (value === undefined) return 0;
  const counted = (n: NodeInfo) => countOn(term, owner, n, snapshot);
  const total = domainTotals(term, snapshot, () => countByDomain(snapshot, term.topologyKey, counted)).get(value) ?? 0;
  return correctedForTrial(total, node, snapshot, counted);
}

function countOn(term: PodAffinityTerm, owner: Pod, node: NodeInfo, snapshot: Snapshot): number {
  let count = 0;
  for (const pod of node.pods.values()) if (termSelects(term, owner, pod, snapshot)) count++;
  return count;
}
