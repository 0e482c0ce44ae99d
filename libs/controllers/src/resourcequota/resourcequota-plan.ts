// What a ResourceQuota's status should say, pure: its hard limits as the spec gives them and,
// for each, the sum of what the namespace's objects cost (as the admission step charges them).
import {
  countName,
  formatUsage,
  type KubeObject,
  objectUsage,
  type QuotaResource,
  quotaSelects,
  type ResourceQuota,
  type ResourceQuotaStatus,
  sumUsage,
} from '@stevedore/api';

const core = (plural: string): QuotaResource => ({ group: '', plural });
const CLASS_SCOPED = /^[^/]+\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/;

/** The resource whose objects a hard limit counts, or undefined for a name no evaluator knows. */
export function quotaResourceOf(name: string): QuotaResource | undefined {
  if (name.startsWith('count/')) {
    const [plural, ...group] = name.slice('count/'.length).split('.');
    return { plural: plural!, group: group.join('.') };
  }
  if (name === 'pods' || /^(requests\.|limits\.)?(cpu|memory|ephemeral-storage)$/.test(name)) return core('pods');
  if (name === 'services' || name === 'services.loadbalancers' || name === 'services.nodeports') return core('services');
  if (name === 'persistentvolumeclaims' || name === 'requests.storage' || CLASS_SCOPED.test(name)) return core('persistentvolumeclaims');
  if (['secrets', 'configmaps', 'replicationcontrollers', 'resourcequotas'].includes(name)) return core(name);
  return undefined;
}

/** The distinct resources a quota's hard limits count. */
export function quotaResources(quota: ResourceQuota): QuotaResource[] {
  const found = new Map<string, QuotaResource>();
  for (const name of Object.keys(quota.spec?.hard ?? {})) {
    const resource = quotaResourceOf(name);
    if (resource) found.set(countName(resource), resource);
  }
  return [...found.values()];
}

/** The status the quota should have, given the namespace's objects of each resource it counts. */
export function planQuotaStatus(
  quota: ResourceQuota,
  objectsOf: (resource: QuotaResource) => readonly KubeObject[],
  now: number,
): ResourceQuotaStatus {
  const hard = { ...(quota.spec?.hard ?? {}) };
  const used: Record<string, string> = {};
  for (const resource of quotaResources(quota)) {
    const names = Object.keys(hard).filter((n) => countName(quotaResourceOf(n)!) === countName(resource));
    const total = sumUsage(
      objectsOf(resource)
        .filter((o) => quotaSelects(quota, resource, o))
        .map((o) => objectUsage(resource, o, now)),
      names,
    );
    for (const name of names) used[name] = formatUsage(name, total[name]!);
  }
  // A name no evaluator counts still shows, at zero, as Kubernetes lists every hard limit.
  for (const name of Object.keys(hard)) used[name] ??= '0';
  return { hard, used };
}

/** Whether the quota's status is out of step with its spec (new, or its limits changed). */
export function quotaNeedsSync(quota: ResourceQuota): boolean {
  const hard = quota.spec?.hard ?? {};
  const synced = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const names = Object.keys(hard);
  return names.length !== Object.keys(synced).length || names.some((n) => String(synced[n]) !== String(hard[n]) || used[n] === undefined);
}
