// Facts about pods that every workload controller needs, as pure functions of (pod, now).
import { type LabelSelector, labelSelectorMatches, type Pod } from '@stevedore/api';

type Condition = { type: string; status: string; lastTransitionTime?: string };

export function podPhase(pod: Pod): string {
  return (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
}

/** Active pods count toward replicas: not finished and not being deleted. */
export function isActive(pod: Pod): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: Pod): Condition | undefined {
  const conditions = (pod.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'Ready');
}

export function isReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds (Kubernetes' "available"). */
export function isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
  return now - since >= minReadySeconds * 1000;
}

export function matchesLabels(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** Matches a metav1.LabelSelector; an empty selector matches nothing, as for workloads. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const empty = !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
  return !empty && labelSelectorMatches(selector, labels);
}

/**
 * Order in which surplus pods are deleted, worst first, as the ReplicaSet controller does:
 * unscheduled before scheduled, pending before running, not ready before ready, newer before older.
 */
export function deletionOrder(a: Pod, b: Pod): number {
  const rank = (p: Pod) => [p.spec.nodeName ? 1 : 0, podPhase(p) === 'Running' ? 1 : 0, isReady(p) ? 1 : 0];
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return Date.parse(b.metadata.creationTimestamp ?? '0') - Date.parse(a.metadata.creationTimestamp ?? '0');
}
