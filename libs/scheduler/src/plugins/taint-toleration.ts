import type { Pod, Taint, Toleration } from '@stevedore/api';
import type { FilterPlugin, FilterStatus, NodeInfo, ScorePlugin } from '../types';

type TaintLike = Pick<Taint, 'key' | 'effect'> & { value?: string };

/** Kubernetes' matching rule: empty key with Exists tolerates everything; empty effect matches all effects. */
export function toleratesOne(t: Toleration, taint: TaintLike): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

export function tolerates(tolerations: readonly Toleration[], taint: TaintLike): boolean {
  return tolerations.some((t) => toleratesOne(t, taint));
}

function describe(taint: TaintLike): string {
  return `{${taint.key}: ${taint.value ?? ''}}`;
}

/** NoSchedule and NoExecute taints keep out pods that do not tolerate them. */
export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  filter(pod: Pod, node: NodeInfo): FilterStatus | undefined {
    const taints = node.taints;
    if (taints.length === 0) return undefined;
    const tolerations = pod.spec.tolerations ?? [];
    const blocking = taints.find(
      (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerates(tolerations, taint),
    );
    return blocking ? { code: 'UnschedulableAndUnresolvable', reason: `node(s) had untolerated taint ${describe(blocking)}` } : undefined;
  },
};

/** Prefers nodes with fewer PreferNoSchedule taints the pod does not tolerate. */
export const preferNoScheduleTaints: ScorePlugin = {
  name: 'TaintTolerationPreference',
  weight: 1,
  score(pod: Pod, node: NodeInfo): number {
    const taints = node.taints;
    if (taints.length === 0) return 100;
    const tolerations = pod.spec.tolerations ?? [];
    const intolerable = taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(tolerations, t)).length;
    return Math.max(0, 100 - intolerable * 25);
  },
};
