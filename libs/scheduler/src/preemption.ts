// Preemption, as kube-scheduler's DefaultPreemption: when a pod fits nowhere, find a node where
// removing pods of lower priority lets it pass every filter, evicting as few and as unimportant
// pods as will do and breaking PodDisruptionBudgets only when nothing else makes room. Pure: it
// reads the snapshot and the budgets and says whom to evict, nothing more.
import type { Pod, PodDisruptionBudget } from '@stevedore/api';
import { splitByBudget } from './disruption-budgets';
import { nominatedAhead } from './nominated';
import { DEFAULT_PLUGINS, type PluginSet } from './plugins/registry';
import { byImportance, type Candidate, compareCandidates, priorityOf } from './preemption-order';
import { podKeyOf, TrialNode } from './trial-node';
import type { FilterPlugin, NodeInfo, Snapshot } from './types';

export interface Preemption {
  nodeName: string;
  /** Lowest priority first. */
  victims: Pod[];
  /** How many victims are evicted against a PodDisruptionBudget (zero whenever avoidable). */
  budgetViolations: number;
}

export interface PreemptionOptions {
  /** Every PodDisruptionBudget of the cluster (each is matched to pods by namespace and selector). */
  budgets?: readonly PodDisruptionBudget[];
  plugins?: PluginSet;
  /** Where in the node list the search starts, so that successive preemptions spread out. */
  startAt?: number;
}

/**
 * How many candidate nodes to find before choosing, as kube-scheduler: a tenth of the nodes, at
 * least 100 (all of a small cluster). Dry runs cost a filter pass per victim, so a large cluster
 * is not searched whole for every preemptor.
 */
export function candidatesToFind(total: number): number {
  return Math.min(total, Math.max(100, Math.floor(total / 10)));
}

const fits = (filters: readonly FilterPlugin[], pod: Pod, node: NodeInfo, snapshot: Snapshot) =>
  filters.every((f) => !f.filter(pod, node, snapshot));

/**
 * The fewest lower-priority pods of `node` whose removal lets `pod` fit, or undefined when no
 * removal would (a taint, affinity or a higher-priority pod in the way). As kube-scheduler does,
 * it removes every lower-priority pod, then puts back as many as still leave room: first those a
 * budget protects, then the rest, the most important first within each group.
 */
function candidateOn(
  pod: Pod,
  node: NodeInfo,
  filters: readonly FilterPlugin[],
  budgets: readonly PodDisruptionBudget[],
  snapshot: Snapshot,
) {
  const lower = [...node.pods.values()].filter((p) => priorityOf(p) < priorityOf(pod));
  if (!lower.length) return undefined;
  const trial = new TrialNode(node, lower);
  // Room already promised to an earlier preemptor is not this one's to win.
  for (const p of nominatedAhead(pod, node.name, snapshot)) trial.restore(p);
  if (!fits(filters, pod, trial, snapshot)) return undefined;
  const { violating, safe } = splitByBudget(lower.sort(byImportance), budgets);
  const victims: Pod[] = [];
  let budgetViolations = 0;
  const reprieve = (candidate: Pod, protectedByBudget: boolean) => {
    trial.restore(candidate);
    if (fits(filters, pod, trial, snapshot)) return;
    trial.remove(candidate);
    victims.push(candidate);
    if (protectedByBudget) budgetViolations++;
  };
  for (const p of violating) reprieve(p, true);
  for (const p of safe) reprieve(p, false);
  return { nodeName: node.name, victims: victims.sort((a, b) => priorityOf(a) - priorityOf(b)), budgetViolations };
}

/** Where `pod` could run after evicting lower-priority pods, and whom; undefined when it may not or cannot preempt. */
export function findPreemption(pod: Pod, snapshot: Snapshot, options: PreemptionOptions = {}): Preemption | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return undefined;
  const { budgets = [], plugins = DEFAULT_PLUGINS, startAt = 0 } = options;
  const filters = plugins.filters.filter((p) => p.appliesTo?.(pod, snapshot) ?? true);
  const nodes = snapshot.nodes;
  const wanted = candidatesToFind(nodes.length);
  let best: Candidate | undefined;
  let found = 0;
  for (let i = 0; i < nodes.length && found < wanted; i++) {
    const candidate = candidateOn(pod, nodes[(startAt + i) % nodes.length]!, filters, budgets, snapshot);
    if (!candidate) continue;
    found++;
    if (!best || compareCandidates(candidate, best) < 0) best = candidate;
  }
  return best;
}

/**
 * Whether a pod that preempted before should wait rather than preempt again: some of the
 * victims it chose are still on their node (terminating, most likely), and choosing again now
 * would evict more pods than the room it asked for.
 */
export function awaitingVictims(previous: Preemption | undefined, snapshot: Snapshot): boolean {
  const node = previous && snapshot.get(previous.nodeName);
  if (!node) return false;
  return previous.victims.some((v) => node.pods.has(podKeyOf(v)));
}
