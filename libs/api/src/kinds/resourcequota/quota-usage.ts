// What one object costs against a ResourceQuota, as Kubernetes' quota evaluators count it: every
// object its `count/<resource>.<group>`, and pods, services and claims their own resources
// (compute requests and limits, load balancers and node ports, storage per class). In thousandths.
import type { Container, PersistentVolumeClaim, Pod, Service } from '../../generated/kubernetes-types';
import { milliValue } from '../../meta/quantity';
import type { KubeObject } from '../../strategy';

export type Usage = Record<string, number>;

/** The resource an object is of, as quota names it. */
export interface QuotaResource {
  group: string;
  plural: string;
}

export const countName = (r: QuotaResource) => (r.group ? `count/${r.plural}.${r.group}` : `count/${r.plural}`);

/** The legacy object-count names Kubernetes keeps beside `count/…` for core kinds. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  secrets: 'secrets',
  configmaps: 'configmaps',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

/** A pod no longer holds its resources once it has finished or its deletion grace is over. */
export function podCounts(pod: Pod, now: number): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  const deleting = pod.metadata.deletionTimestamp;
  return !deleting || Date.parse(deleting) > now;
}

/** The pod's effective requests or limits: its containers' sum, or its largest init container's when more. */
function podTotal(pod: Pod, side: 'requests' | 'limits', resource: string): number | undefined {
  const values = (cs: Container[]) =>
    cs
      .map((c) => c.resources?.[side]?.[resource])
      .filter((v) => v !== undefined)
      .map((v) => milliValue(v));
  const main = values(pod.spec.containers);
  const init = values(pod.spec.initContainers ?? []);
  if (!main.length && !init.length) return undefined;
  return Math.max(
    main.reduce((a, b) => a + b, 0),
    ...init,
  );
}

function podUsage(pod: Pod): Usage {
  const usage: Usage = { pods: 1000 };
  for (const resource of COMPUTE) {
    const request = podTotal(pod, 'requests', resource);
    const limit = podTotal(pod, 'limits', resource);
    if (request !== undefined) usage[resource] = usage[`requests.${resource}`] = request;
    if (limit !== undefined) usage[`limits.${resource}`] = limit;
  }
  return usage;
}

function serviceUsage(service: Service): Usage {
  const type = service.spec?.type ?? 'ClusterIP';
  const exposed = type === 'NodePort' || type === 'LoadBalancer';
  return {
    services: 1000,
    'services.loadbalancers': type === 'LoadBalancer' ? 1000 : 0,
    'services.nodeports': exposed ? (service.spec?.ports ?? []).length * 1000 : 0,
  };
}

function claimUsage(claim: PersistentVolumeClaim): Usage {
  const storage = milliValue(claim.spec?.resources?.requests?.storage);
  const usage: Usage = { persistentvolumeclaims: 1000, 'requests.storage': storage };
  const className = claim.spec?.storageClassName;
  if (className) {
    usage[`${className}.storageclass.storage.k8s.io/requests.storage`] = storage;
    usage[`${className}.storageclass.storage.k8s.io/persistentvolumeclaims`] = 1000;
  }
  return usage;
}

/** What the object costs; nothing for a pod that no longer counts. */
export function objectUsage(resource: QuotaResource, object: KubeObject, now: number): Usage {
  const core = resource.group === '';
  if (core && resource.plural === 'pods' && !podCounts(object as Pod, now)) return {};
  const usage: Usage = { [countName(resource)]: 1000 };
  const legacy = core ? LEGACY_COUNTS[resource.plural] : undefined;
  if (legacy) usage[legacy] = 1000;
  if (core && resource.plural === 'pods') Object.assign(usage, podUsage(object as Pod));
  if (core && resource.plural === 'services') Object.assign(usage, serviceUsage(object as Service));
  if (core && resource.plural === 'persistentvolumeclaims') Object.assign(usage, claimUsage(object as PersistentVolumeClaim));
  return usage;
}

/** Adds usages, keeping only the names `only` lists (a quota's hard names). */
export function sumUsage(usages: readonly Usage[], only: readonly string[]): Usage {
  const total: Usage = Object.fromEntries(only.map((name) => [name, 0]));
  for (const usage of usages) for (const name of only) total[name]! += usage[name] ?? 0;
  return total;
}
