// Which would-be preemption victims a PodDisruptionBudget protects. Preemption respects budgets
// "where possible", as kube-scheduler's DefaultPreemption: it reprieves the protected victims
// first and, among nodes, prefers the one whose evictions break the fewest budgets, but it does
// preempt a protected pod when nothing else makes room.
import { type Pod, type PodDisruptionBudget, pdbSelects } from '@stevedore/api';

export interface BudgetSplit {
  /** Victims whose eviction would take some budget below zero allowed disruptions. */
  violating: Pod[];
  /** The others, which the budgets covering them can afford to lose. */
  safe: Pod[];
}

/**
 * Spends each budget's `status.disruptionsAllowed` on the victims it covers, in the order given
 * (most important first, as kube-scheduler walks them): a victim that overdraws any of its
 * budgets is violating. A pod already in a budget's `disruptedPods` (an eviction in flight) was
 * counted when the budget was computed, so it spends nothing again.
 */
export function splitByBudget(victims: readonly Pod[], budgets: readonly PodDisruptionBudget[]): BudgetSplit {
  const split: BudgetSplit = { violating: [], safe: [] };
  if (!budgets.length) {
    split.safe = [...victims];
    return split;
  }
  const allowed = budgets.map((b) => b.status?.disruptionsAllowed ?? 0);
  for (const pod of victims) {
    let violates = false;
    for (const [i, budget] of budgets.entries()) {
      if (!pdbSelects(budget, pod) || budget.status?.disruptedPods?.[pod.metadata.name!] !== undefined) continue;
      allowed[i]!--;
      if (allowed[i]! < 0) violates = true;
    }
    (violates ? split.violating : split.safe).push(pod);
  }
  return split;
}
