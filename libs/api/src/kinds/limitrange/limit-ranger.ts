// Kubernetes' LimitRanger admission, pure: a new pod's containers get the namespace's default
// requests and limits, then the pod and each container are held to the ranges' min, max and
// limit/request ratio; a claim's storage request to its range. Refusals are 403s worded as
// kube-apiserver words them (`maximum cpu usage per Container is 1, but limit is 2`).
import type { Container, LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod, Quantity } from '../../generated/kubernetes-types';
import { milliValue } from '../../meta/quantity';

type Resources = Record<string, Quantity>;

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

const names = (keys: string[]) => [...keys].sort().join(', ');

/** Fills what a container leaves out from the ranges' Container defaults; returns what it set, for the annotation. */
function defaultContainer(c: Container, limits: Resources, requests: Resources, kind: string): string[] {
  c.resources ??= {};
  const setLimits = Object.keys(limits).filter((k) => c.resources!.limits?.[k] === undefined);
  const setRequests = Object.keys(requests).filter((k) => c.resources!.requests?.[k] === undefined);
  if (setLimits.length) c.resources.limits = { ...(c.resources.limits ?? {}), ...pick(limits, setLimits) };
  if (setRequests.length) c.resources.requests = { ...(c.resources.requests ?? {}), ...pick(requests, setRequests) };
  const notes: string[] = [];
  if (setRequests.length) notes.push(`${names(setRequests)} request for ${kind} ${c.name}`);
  if (setLimits.length) notes.push(`${names(setLimits)} limit for ${kind} ${c.name}`);
  return notes;
}

function pick(from: Resources, keys: string[]): Resources {
  return Object.fromEntries(keys.map((k) => [k, from[k]!]));
}

/** Applies every range's Container defaults to the pod, and notes them in the `kubernetes.io/limit-ranger` annotation. */
export function applyLimitRangeDefaults(pod: Pod, ranges: readonly LimitRange[]): void {
  const notes: string[] = [];
  for (const range of ranges) {
    const limits: Resources = {};
    const requests: Resources = {};
    for (const item of range.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      Object.assign(requests, item.defaultRequest ?? {});
      Object.assign(limits, item.default ?? {});
    }
    for (const c of pod.spec.containers) notes.push(...defaultContainer(c, limits, requests, 'container'));
    for (const c of pod.spec.initContainers ?? []) notes.push(...defaultContainer(c, limits, requests, 'init container'));
  }
  if (!notes.length) return;
  pod.metadata.annotations = {
    ...(pod.metadata.annotations ?? {}),
    [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
}

function minConstraint(type: string, key: string, bound: string, requests: Resources, limits: Resources): string | undefined {
  const request = requests[key];
  const limit = limits[key];
  if (request === undefined) return `minimum ${key} usage per ${type} is ${bound}.  No request is specified`;
  if (milliValue(request) < milliValue(bound)) return `minimum ${key} usage per ${type} is ${bound}, but request is ${request}`;
  if (limit !== undefined && milliValue(limit) < milliValue(bound))
    return `minimum ${key} usage per ${type} is ${bound}, but limit is ${limit}`;
  return undefined;
}

function maxConstraint(type: string, key: string, bound: string, requests: Resources, limits: Resources): string | undefined {
  const request = requests[key];
  const limit = limits[key];
  if (limit === undefined) return `maximum ${key} usage per ${type} is ${bound}.  No limit is specified`;
  if (milliValue(limit) > milliValue(bound)) return `maximum ${key} usage per ${type} is ${bound}, but limit is ${limit}`;
  if (request !== undefined && milliValue(request) > milliValue(bound))
    return `maximum ${key} usage per ${type} is ${bound}, but request is ${request}`;
  return undefined;
}

function ratioConstraint(type: string, key: string, bound: string, requests: Resources, limits: Resources): string | undefined {
  const request = milliValue(requests[key]);
  const limit = milliValue(limits[key]);
  const prefix = `${key} max limit to request ratio per ${type} is ${bound}`;
  if (!request) return `${prefix}, but no request is specified or request is 0`;
  if (!limit) return `${prefix}, but no limit is specified or limit is 0`;
  const ratio = limit / request;
  if (ratio * 1000 > milliValue(bound)) return `${prefix}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** Each bound of one item against one set of requests and limits. */
function boundProblems(type: string, item: LimitRangeItem, requests: Resources, limits: Resources): string[] {
  const found: (string | undefined)[] = [];
  for (const [k, v] of Object.entries(item.min ?? {})) found.push(minConstraint(type, k, String(v), requests, limits));
  for (const [k, v] of Object.entries(item.max ?? {})) found.push(maxConstraint(type, k, String(v), requests, limits));
  for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) found.push(ratioConstraint(type, k, String(v), requests, limits));
  return found.filter((p): p is string => p !== undefined);
}

/** A pod's total: its containers' sum, or its largest init container when that is more (as the scheduler counts). */
function podTotals(pod: Pod, side: 'requests' | 'limits'): Resources {
  const sum: Record<string, number> = {};
  for (const c of pod.spec.containers)
    for (const [k, v] of Object.entries(c.resources?.[side] ?? {})) sum[k] = (sum[k] ?? 0) + milliValue(v);
  for (const c of pod.spec.initContainers ?? [])
    for (const [k, v] of Object.entries(c.resources?.[side] ?? {})) sum[k] = Math.max(sum[k] ?? 0, milliValue(v));
  return Object.fromEntries(Object.entries(sum).map(([k, milli]) => [k, formatMilli(milli)]));
}

/** A thousandths total back as a quantity: whole units when it is whole, `m` otherwise. */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** What the ranges refuse about a pod, in Kubernetes' order (ranges, then items, then containers). */
export function podLimitProblems(pod: Pod, ranges: readonly LimitRange[]): string[] {
  const problems: string[] = [];
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  for (const range of ranges) {
    for (const item of range.spec?.limits ?? []) {
      if (item.type === 'Container') {
        for (const c of containers)
          problems.push(...boundProblems('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {}));
      } else if (item.type === 'Pod') {
        problems.push(...boundProblems('Pod', item, podTotals(pod, 'requests'), podTotals(pod, 'limits')));
      }
    }
  }
  return problems;
}

/** A claim's storage request against the ranges' PersistentVolumeClaim min and max (its limits are not the user's ask). */
export function claimLimitProblems(claim: PersistentVolumeClaim, ranges: readonly LimitRange[]): string[] {
  const requests: Resources = claim.spec?.resources?.requests ?? {};
  const problems: (string | undefined)[] = [];
  for (const range of ranges) {
    for (const item of range.spec?.limits ?? []) {
      if (item.type !== 'PersistentVolumeClaim') continue;
      for (const [k, v] of Object.entries(item.min ?? {})) problems.push(minConstraint(item.type, k, String(v), requests, {}));
      for (const [k, v] of Object.entries(item.max ?? {})) {
        const request = requests[k];
        if (request === undefined) problems.push(`maximum ${k} usage per ${item.type} is ${v}.  No request is specified`);
        else if (milliValue(request) > milliValue(v))
          problems.push(`maximum ${k} usage per ${item.type} is ${v}, but request is ${request}`);
      }
    }
  }
  return problems.filter((p): p is string => p !== undefined);
}
