// The status of a PodDisruptionBudget, as Kubernetes' disruption controller computes it: of the
// pods its selector matches, how many are healthy, how many must stay so, and so how many
// voluntary disruptions (evictions) are allowed now.
import { type Condition, type Pod, type PodDisruptionBudget, type PodDisruptionBudgetStatus, pdbSelects } from '@stevedore/api';
import { isReady } from '../common/pods';
import { expectedAndDesired, type Workloads } from './expected-pods';

export type { Workloads };

/** How long an evicted pod stays out of the healthy count before its deletion should have been seen (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface DisruptionPlan {
  status: PodDisruptionBudgetStatus;
  /** When an entry of `disruptedPods` expires and the budget must be computed again. */
  recheckAt?: number;
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The DisruptionAllowed condition, keeping its transition time while its status holds. */
function disruptionAllowed(
  previous: Condition[] | undefined,
  allowed: boolean,
  reason: string,
  message: string,
  now: number,
  generation?: number,
): Condition[] {
  const status = allowed ? 'True' : 'False';
  const old = previous?.find((c) => c.type === 'DisruptionAllowed');
  const lastTransitionTime = old?.status === status ? old.lastTransitionTime : timestamp(now);
  const condition: Condition = { type: 'DisruptionAllowed', status, reason, message, lastTransitionTime, observedGeneration: generation };
  return [...(previous ?? []).filter((c) => c.type !== 'DisruptionAllowed'), condition];
}

/** Evictions the API server recorded whose pods are neither gone nor terminating yet, and not expired. */
function pendingDisruptions(pdb: PodDisruptionBudget, live: readonly Pod[], now: number): Record<string, string> {
  const names = new Set(live.map((p) => p.metadata.name));
  const entries = Object.entries(pdb.status?.disruptedPods ?? {});
  return Object.fromEntries(entries.filter(([name, at]) => names.has(name) && Date.parse(at) + DELETION_TIMEOUT_MS > now));
}

export function planDisruptionBudget(pdb: PodDisruptionBudget, pods: readonly Pod[], now: number, workloads: Workloads): DisruptionPlan {
  const live = pods.filter((p) => pdbSelects(pdb, p) && !p.metadata.deletionTimestamp);
  const expected = expectedAndDesired(pdb, live, workloads);
  const previous = pdb.status;
  if ('error' in expected) {
    // Kubernetes' failSafe: no disruptions, and observedGeneration left behind so evictions wait.
    const base = { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...previous };
    const conditions = disruptionAllowed(previous?.conditions, false, 'SyncFailed', expected.error, now, previous?.observedGeneration);
    return { status: { ...base, disruptionsAllowed: 0, conditions } };
  }
  const disruptedPods = pendingDisruptions(pdb, live, now);
  const disrupted = new Set(Object.keys(disruptedPods));
  const currentHealthy = live.filter((p) => isReady(p) && !disrupted.has(p.metadata.name ?? '')).length;
  const disruptionsAllowed = Math.max(0, currentHealthy - expected.desiredHealthy);
  const generation = pdb.metadata.generation;
  const reason = disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods';
  const conditions = disruptionAllowed(previous?.conditions, disruptionsAllowed > 0, reason, '', now, generation);
  const expiries = Object.values(disruptedPods).map((at) => Date.parse(at) + DELETION_TIMEOUT_MS);
  return {
    status: {
      ...(Object.keys(disruptedPods).length ? { disruptedPods } : {}),
      currentHealthy,
      desiredHealthy: expected.desiredHealthy,
      expectedPods: expected.expectedPods,
      disruptionsAllowed,
      observedGeneration: generation,
      conditions,
    },
    ...(expiries.length ? { recheckAt: Math.min(...expiries) } : {}),
  };
}
