// Preemption, as kube-scheduler's DefaultPreemption in outline: when a pod fits nowhere, find a
// node where removing pods of lower priority lets it pass every filter, evicting as few and as
// unimportant pods as will do. Pure: it reads the snapshot and says whom to evict, nothing more.
import type { Pod } from '@stevedore/api';
import { DEFAULT_PLUGINS, type PluginSet } from './plugins/registry';
import { addResources, hostPorts, podRequests } from './resources';
import type { FilterPlugin, NodeInfo, Snapshot } from './types';

export interface Preemption {
  nodeName: string;
  /** Lowest priority first. */
  victims: Pod[];
}

const priorityOf = (pod: Pod) => pod.spec?.priority ?? 0;
/** As ClusterState keys a node's pods. */
const keyOf = (pod: Pod) => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;

/** The node as it would be without `removed`: what the filters would see after the evictions. */
function without(node: NodeInfo, removed: readonly Pod[]): NodeInfo {
  const gone = new Set(removed.map(keyOf));
  const pods = new Map([...node.pods].filter(([, p]) => !gone.has(keyOf(p))));
  const requested = removed.reduce((sum, p) => addResources(sum, podRequests(p), -1), node.requested);
  const usedHostPorts = new Set([...pods.values()].flatMap((p) => hostPorts(p)));
  return { ...node, pods, requested, usedHostPorts };
}

const fits = (filters: readonly FilterPlugin[], pod: Pod, node: NodeInfo) => filters.every((f) => !f.filter(pod, node));

/**
 * The fewest lower-priority pods of `node` whose removal lets `pod` fit, or undefined when no
 * removal would (a taint, affinity or a higher-priority pod in the way). As kube-scheduler does,
 * it removes every lower-priority pod, then puts back the most important ones that still leave room.
 */
function victimsOn(pod: Pod, node: NodeInfo, filters: readonly FilterPlugin[]): Pod[] | undefined {
  const lower = [...node.pods.values()].filter((p) => priorityOf(p) < priorityOf(pod));
  if (!lower.length || !fits(filters, pod, without(node, lower))) return undefined;
  const victims: Pod[] = [];
  let remaining = [...lower];
  for (const candidate of [...lower].sort((a, b) => priorityOf(b) - priorityOf(a))) {
    const reprieved = remaining.filter((p) => p !== candidate);
    if (fits(filters, pod, without(node, reprieved))) remaining = reprieved;
    else victims.push(candidate);
  }
  return victims.sort((a, b) => priorityOf(a) - priorityOf(b));
}

/** Orders candidate nodes: fewest victims, then the least important most important victim, then the lowest priority sum. */
function better(a: Pod[], b: Pod[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  const top = (v: Pod[]) => Math.max(...v.map(priorityOf));
  if (top(a) !== top(b)) return top(a) < top(b);
  const sum = (v: Pod[]) => v.reduce((s, p) => s + priorityOf(p), 0);
  return sum(a) < sum(b);
}

/** Where `pod` could run after evicting lower-priority pods, and whom; undefined when it may not or cannot preempt. */
export function findPreemption(pod: Pod, snapshot: Snapshot, plugins: PluginSet = DEFAULT_PLUGINS): Preemption | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return undefined;
  const filters = plugins.filters.filter((p) => p.appliesTo?.(pod) ?? true);
  let best: Preemption | undefined;
  for (const node of snapshot.nodes) {
    const victims = victimsOn(pod, node, filters);
    if (victims && (!best || better(victims, best.victims))) best = { nodeName: node.name, victims };
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
  return previous.victims.some((v) => node.pods.has(keyOf(v)));
}
