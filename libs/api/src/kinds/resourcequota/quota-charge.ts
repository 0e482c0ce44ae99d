// Kubernetes' ResourceQuota admission decision for one quota, pure: which of its hard limits the
// new object touches, whether a pod states the requests and limits the quota constrains, whether
// the quota's status is known yet, and the usage after charging the object or why it is refused.
import type { Container, Pod, Quantity, ResourceQuota } from '../../generated/kubernetes-types';
import { milliValue } from '../../meta/quantity';
import type { KubeObject } from '../../strategy';
import { formatUsage } from './quota-quantity';
import { quotaSelects } from './quota-scopes';
import { countName, objectUsage, type QuotaResource, type Usage } from './quota-usage';

/** Every name a pod may be charged for, whether or not this pod asks for it. */
const POD_RESOURCES = ['pods', 'count/pods', ...['cpu', 'memory', 'ephemeral-storage'].flatMap((r) => [r, `requests.${r}`, `limits.${r}`])];
/** Quota on these makes every container state them (a backward-compatibility rule of Kubernetes). */
const MUST_SPECIFY = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

export type QuotaCharge = { refusal: string } | { used: Record<string, Quantity>; changed: boolean } | undefined;

function containerNames(c: Container): string[] {
  const names: string[] = [];
  for (const r of ['cpu', 'memory']) {
    if (c.resources?.requests?.[r] !== undefined) names.push(r, `requests.${r}`);
    if (c.resources?.limits?.[r] !== undefined) names.push(`limits.${r}`);
  }
  return names;
}

/** `must specify limits.cpu for: app; requests.memory for: app,sidecar`, or undefined when every container does. */
export function podQuotaConstraints(pod: Pod, constrained: readonly string[]): string | undefined {
  const required = constrained.filter((r) => MUST_SPECIFY.includes(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const has = containerNames(c);
    for (const r of required) if (!has.includes(r)) missing.set(r, (missing.get(r) ?? new Set()).add(c.name));
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

const pretty = (names: readonly string[], values: (name: string) => string) =>
  [...names]
    .sort()
    .map((n) => `${n}=${values(n)}`)
    .join(',');

/** The names of the quota's (synced) hard limits that an object of this resource is charged against. */
function matching(quota: ResourceQuota, resource: QuotaResource, requested: Usage): string[] {
  const isPod = resource.group === '' && resource.plural === 'pods';
  return Object.keys(quota.status?.hard ?? {}).filter(
    (name) => name in requested || name === countName(resource) || (isPod && POD_RESOURCES.includes(name)),
  );
}

/** What an update adds: each name's growth over what the quota already counted for the object (never less than nothing). */
function growth(quota: ResourceQuota, resource: QuotaResource, next: Usage, previous: KubeObject, now: number): Usage {
  const before = quotaSelects(quota, resource, previous) ? objectUsage(resource, previous, now) : {};
  return Object.fromEntries(
    Object.entries(next)
      .map(([n, v]) => [n, v - (before[n] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
}

/**
 * Charges `object` to `quota`: the new `status.used`, a refusal in Kubernetes' words, or undefined
 * when the quota does not cover it. With `previous` (an update) only what the object grew by is charged.
 */
export function chargeQuota(
  quota: ResourceQuota,
  resource: QuotaResource,
  object: KubeObject,
  now: number,
  previous?: KubeObject,
): QuotaCharge {
  if (!quotaSelects(quota, resource, object)) return undefined;
  const usage = objectUsage(resource, object, now);
  const requested = previous ? growth(quota, resource, usage, previous, now) : usage;
  if (!Object.keys(requested).length) return undefined;
  const names = matching(quota, resource, requested);
  if (!names.length) return undefined;
  const name = quota.metadata.name;
  if (!previous && resource.group === '' && resource.plural === 'pods') {
    const missing = podQuotaConstraints(object as Pod, names);
    if (missing) return { refusal: `failed quota: ${name}: ${missing}` };
  }
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const unknown = names.filter((n) => used[n] === undefined);
  if (unknown.length) return { refusal: `status unknown for quota: ${name}, resources: ${[...unknown].sort().join(',')}` };
  const after = (n: string) => milliValue(used[n]) + (requested[n] ?? 0);
  const exceeded = names.filter((n) => (requested[n] ?? 0) > 0 && after(n) > milliValue(hard[n]));
  if (exceeded.length) {
    return {
      refusal:
        `exceeded quota: ${name}, requested: ${pretty(exceeded, (n) => formatUsage(n, requested[n]!))}, ` +
        `used: ${pretty(exceeded, (n) => String(used[n]))}, limited: ${pretty(exceeded, (n) => String(hard[n]))}`,
    };
  }
  const charged = names.filter((n) => (requested[n] ?? 0) > 0);
  const next = { ...used };
  for (const n of charged) next[n] = formatUsage(n, after(n));
  return { used: next, changed: charged.length > 0 };
}
