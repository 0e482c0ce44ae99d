// The orders preemption decides by, as kube-scheduler's DefaultPreemption documents them: which
// victim matters more (to reprieve it first), and which candidate node costs the least.
import type { Pod } from '@stevedore/api';

export const priorityOf = (pod: Pod) => pod.spec?.priority ?? 0;

/** When the pod started; one not started yet counts as starting now, the newest of all. */
const startOf = (pod: Pod) => (pod.status?.startTime ? Date.parse(pod.status.startTime) : Number.POSITIVE_INFINITY);

/** Most important first: higher priority, then the longer running. */
export function byImportance(a: Pod, b: Pod): number {
  return priorityOf(b) - priorityOf(a) || startOf(a) - startOf(b);
}

export interface Candidate {
  nodeName: string;
  victims: Pod[];
  /** How many of the victims are evicted against a PodDisruptionBudget. */
  budgetViolations: number;
}

/** Priorities range over int32: shifted to be positive so that each extra victim adds to the sum. */
const INT32_SHIFT = 2 ** 31;

function highestPriority(victims: readonly Pod[]): number {
  return victims.reduce((top, p) => Math.max(top, priorityOf(p)), Number.NEGATIVE_INFINITY);
}

/** The earliest start among the victims of the highest priority: later means less work is lost. */
function earliestTopStart(victims: readonly Pod[]): number {
  const top = highestPriority(victims);
  return victims.filter((p) => priorityOf(p) === top).reduce((min, p) => Math.min(min, startOf(p)), Number.POSITIVE_INFINITY);
}

/**
 * Negative when `a` is the better node to preempt on, by kube-scheduler's criteria in turn: the
 * fewest PodDisruptionBudget violations, the lowest highest victim priority, the smallest sum
 * of victim priorities, the fewest victims, then the most recently started top-priority victims.
 * Zero when they tie on all of them (the first found is kept); a comparison of two unknown
 * start times (NaN) counts as a tie.
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const sum = (c: Candidate) => c.victims.reduce((s, p) => s + priorityOf(p) + INT32_SHIFT, 0);
  return (
    a.budgetViolations - b.budgetViolations ||
    highestPriority(a.victims) - highestPriority(b.victims) ||
    sum(a) - sum(b) ||
    a.victims.length - b.victims.length ||
    earliestTopStart(b.victims) - earliestTopStart(a.victims) ||
    0
  );
}
