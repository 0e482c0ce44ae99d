// Pod Scheduling Readiness: a pod with schedulingGates waits unscheduled until every gate is
// removed. Gates are set at creation and may only be removed afterwards, and a gated pod may not
// name its node, as kube-apiserver checks.
import type { Pod } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

export const isSchedulingGated = (pod: Pod): boolean => (pod.spec?.schedulingGates?.length ?? 0) > 0;

export function schedulingGateRules(pod: Pod, old: Pod | undefined, causes: Cause[]): void {
  const gates = (pod.spec?.schedulingGates ?? []).map((g) => g.name);
  if (old) {
    const before = new Set((old.spec?.schedulingGates ?? []).map((g) => g.name));
    const added = gates.find((name) => !before.has(name));
    if (added !== undefined)
      causes.push({
        reason: 'FieldValueForbidden',
        field: 'spec.schedulingGates',
        message: `Forbidden: only deletion is allowed, but found new scheduling gate '${added}'`,
      });
  }
  if (gates.length && pod.spec?.nodeName && !old?.spec?.nodeName)
    causes.push({
      reason: 'FieldValueForbidden',
      field: 'spec.nodeName',
      message: 'Forbidden: cannot be set until all schedulingGates have been cleared',
    });
}
