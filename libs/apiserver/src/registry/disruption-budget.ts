// The PodDisruptionBudget side of an eviction, as kube-apiserver's eviction REST does it: the one
// budget selecting the pod is spent, by a compare-and-swap status write, before the pod is
// deleted, so two concurrent evictions can never both take the last allowed disruption.
import {
  isConflict,
  type Pod,
  type PodDisruptionBudget,
  pdbSelects,
  podDisruptionBudgets,
  type StatusError,
  statusError,
} from '@stevedore/api';
import { asKind, type Stored } from '../objects/api-object';
import { listObjects } from './list';
import type { ObjectRegistry } from './object-registry';

/** Each conflict means another eviction spent the budget first: read it again, as Kubernetes retries. */
const CONFLICT_RETRIES = 20;
/** Evictions recorded but not yet seen through by the disruption controller (MaxDisruptedPodSize). */
const MAX_DISRUPTED_PODS = 2000;
const REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget.";

function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Pods not running (pending or finished) disrupt nothing by leaving. */
export function budgetIrrelevant(pod: Pod): boolean {
  const phase = pod.status?.phase ?? 'Pending';
  return phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed';
}

function tooManyRequests(message: string, retryAfterSeconds?: number): StatusError {
  const causes = [{ reason: 'DisruptionBudget' as const, message }];
  return statusError(429, 'TooManyRequests', REFUSAL, retryAfterSeconds ? { causes, retryAfterSeconds } : { causes });
}

async function budgetsSelecting(registry: ObjectRegistry, pod: Pod): Promise<Stored<PodDisruptionBudget>[]> {
  const page = await listObjects(registry.store, podDisruptionBudgets, pod.metadata.namespace, {});
  return page.items.map((item) => asKind(podDisruptionBudgets, item)).filter((pdb) => pdbSelects(pdb, pod));
}

/** IfHealthyBudget (the default): an unready pod may go without spending the budget while the application is healthy enough. */
function unhealthyMayGo(pdb: PodDisruptionBudget, pod: Pod): boolean {
  if (isPodReady(pod)) return false;
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const status = pdb.status;
  return !!status && status.desiredHealthy > 0 && status.currentHealthy >= status.desiredHealthy;
}

/** The budget with one disruption spent on `podName`, or the refusal Kubernetes gives. */
function spent(pdb: Stored<PodDisruptionBudget>, podName: string, at: string): Stored<PodDisruptionBudget> {
  const status = pdb.status;
  const name = pdb.metadata.name;
  if (!status || (status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0))
    throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw statusError(
      403,
      'Forbidden',
      `poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`,
    );
  }
  if (status.disruptionsAllowed <= 0) {
    throw tooManyRequests(
      `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
    );
  }
  const disruptionsAllowed = status.disruptionsAllowed - 1;
  const conditions = (status.conditions ?? []).map((c) =>
    c.type === 'DisruptionAllowed' && disruptionsAllowed === 0 && c.status !== 'False'
      ? { ...c, status: 'False', reason: 'InsufficientPods', lastTransitionTime: at }
      : c,
  );
  const disruptedPods = { ...status.disruptedPods, [podName]: at };
  return { ...pdb, status: { ...status, disruptionsAllowed, disruptedPods, conditions } };
}

/**
 * Spends a disruption of the budget that selects the pod, if any; throws 429 when none is left.
 * More than one budget is refused (500), as Kubernetes refuses it.
 */
export async function spendDisruptionBudget(registry: ObjectRegistry, pod: Pod, dryRun: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const budgets = await budgetsSelecting(registry, pod);
    if (budgets.length === 0) return;
    if (budgets.length > 1)
      throw statusError(
        500,
        'InternalError',
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    const pdb = budgets[0]!;
    if (unhealthyMayGo(pdb, pod)) return;
    const next = spent(pdb, pod.metadata.name!, registry.timestamp());
    try {
      await registry.write(podDisruptionBudgets, pdb, next, Number(pdb.metadata.resourceVersion), { subresource: 'status', dryRun });
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
    }
  }
}
