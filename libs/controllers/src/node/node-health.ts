// Pure decisions of the node lifecycle controller: is a node's lease fresh, and when must a pod
// on an unreachable node go (its toleration of the taint, or the cluster default).
import type { Lease, Node, Pod, Taint } from '@stevedore/api';

export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
/** Mirrors `spec.unschedulable` (kubectl cordon), so tolerations decide like everywhere else. */
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/**
 * Evictions stop while more than this share of the nodes is unreachable at once: losing most of
 * the cluster together points at the control plane's own network, and evicting everything would
 * only make it worse (Kubernetes' full-disruption mode).
 */
export const DISRUPTION_THRESHOLD = 0.55;

export function evictionsFrozen(unreachable: number, total: number): boolean {
  return total > 0 && unreachable / total > DISRUPTION_THRESHOLD;
}

export function leaseFresh(lease: Lease | undefined, now: number, graceMs: number): boolean {
  const renewed = Date.parse(lease?.spec?.renewTime ?? '');
  return Number.isFinite(renewed) && now - renewed <= graceMs;
}

export function readyStatus(node: Node): string | undefined {
  return (node.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status;
}

export function hasUnreachableTaint(node: Node): boolean {
  return (node.spec?.taints ?? []).some((t) => t.key === UNREACHABLE_TAINT);
}

/** The node's taints with the unschedulable taint matching `spec.unschedulable`; undefined when they already match. */
export function syncedUnschedulableTaints(node: Node, time: string): Taint[] | undefined {
  const taints = node.spec?.taints ?? [];
  const tainted = taints.some((t) => t.key === UNSCHEDULABLE_TAINT);
  const cordoned = node.spec?.unschedulable === true;
  if (tainted === cordoned) return undefined;
  return cordoned
    ? [...taints, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule', timeAdded: time }]
    : taints.filter((t) => t.key !== UNSCHEDULABLE_TAINT);
}

/** When the pod must be evicted from a node tainted at `taintedAt`; undefined = it tolerates forever. */
export function evictionTime(pod: Pod, taintedAt: number, defaultSeconds: number): number | undefined {
  const toleration = (pod.spec?.tolerations ?? []).find(
    (t) => (t.key === UNREACHABLE_TAINT || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'),
  );
  if (!toleration) return taintedAt + defaultSeconds * 1000;
  if (toleration.tolerationSeconds === undefined) return undefined;
  return taintedAt + Math.max(0, toleration.tolerationSeconds) * 1000;
}
