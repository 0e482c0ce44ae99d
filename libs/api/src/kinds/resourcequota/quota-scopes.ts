// Quota scopes, as Kubernetes matches them: a scoped quota counts only the pods its scopes
// (`spec.scopes`, `spec.scopeSelector`) select, by deadline, QoS or priority class; it counts no
// other kind of object.
import type { Pod, ResourceQuota, ScopedResourceSelectorRequirement } from '../../generated/kubernetes-types';
import type { QuotaResource } from './quota-usage';

export const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];

function bestEffort(pod: Pod): boolean {
  return [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].every(
    (c) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length,
  );
}

function crossNamespaceAffinity(pod: Pod): boolean {
  const terms = [
    ...(pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(pod.spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => t.podAffinityTerm),
    ...(pod.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => t.podAffinityTerm),
  ];
  return terms.some((t) => (t.namespaces ?? []).length > 0 || t.namespaceSelector !== undefined);
}

function scopeMatches(pod: Pod, requirement: ScopedResourceSelectorRequirement): boolean {
  const { scopeName, operator, values = [] } = requirement;
  if (scopeName === 'PriorityClass') {
    const name = pod.spec.priorityClassName;
    if (operator === 'Exists') return !!name;
    if (operator === 'DoesNotExist') return !name;
    if (operator === 'In') return !!name && values.includes(name);
    return !name || !values.includes(name);
  }
  const selected: Record<string, () => boolean> = {
    Terminating: () => pod.spec.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0,
    NotTerminating: () => pod.spec.activeDeadlineSeconds === undefined || pod.spec.activeDeadlineSeconds < 0,
    BestEffort: () => bestEffort(pod),
    NotBestEffort: () => !bestEffort(pod),
    CrossNamespacePodAffinity: () => crossNamespaceAffinity(pod),
  };
  const result = selected[scopeName]?.() ?? false;
  return operator === 'DoesNotExist' || operator === 'NotIn' ? !result : result;
}

/** Every scope requirement of the quota, `spec.scopes` as `Exists` ones. */
function requirements(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  return [
    ...(quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

/** Whether the quota counts this object: an unscoped quota counts everything, a scoped one only the pods it selects. */
export function quotaSelects(quota: ResourceQuota, resource: QuotaResource, object: unknown): boolean {
  const wanted = requirements(quota);
  if (!wanted.length) return true;
  if (resource.group !== '' || resource.plural !== 'pods') return false;
  return wanted.every((r) => scopeMatches(object as Pod, r));
}
