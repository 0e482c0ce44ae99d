// Issue 15's built-in admission plugins wired to the registry, in kube-apiserver's order:
// NamespaceLifecycle is the registry's own first check; then LimitRanger and ServiceAccount
// (mutating), the admission webhooks when given, and ResourceQuota (validating, for every
// resource, added last so it runs last), and the controller that keeps quotas' status current.
import {
  findResource,
  ignoring,
  isNotFound,
  type KubeObject,
  type LimitRange,
  persistentVolumeClaims,
  pods,
  type QuotaResource,
  type ResourceQuota,
  type ServiceAccount,
  serviceAccounts,
} from '@stevedore/api';
import {
  type Admission,
  limitRangeAdmission,
  listObjects,
  type ObjectRegistry,
  quotaAdmission,
  type ServiceAccountLookup,
  serviceAccountAdmission,
} from '@stevedore/apiserver';
import { type Informer, type QuotaObjectLister, ResourceQuotaController } from '@stevedore/controllers';
import { setTimeout as sleep } from 'timers/promises';

/** The namespace defaults controller creates `default` a moment after its namespace: wait for it, as kube-apiserver does. */
const DEFAULT_ACCOUNT_TRIES = 10;
const DEFAULT_ACCOUNT_WAIT_MS = 150;

export function serviceAccountLookup(registry: ObjectRegistry, informer: Informer<ServiceAccount>): ServiceAccountLookup {
  return async (namespace, name) => {
    const tries = name === 'default' ? DEFAULT_ACCOUNT_TRIES : 1;
    for (let attempt = 0; attempt < tries; attempt++) {
      if (attempt) await sleep(DEFAULT_ACCOUNT_WAIT_MS);
      const found = informer.get(namespace, name) ?? (await registry.get(serviceAccounts, namespace, name).catch(ignoring(isNotFound)));
      if (found) return found;
    }
    return undefined;
  };
}

/** Counted objects from the informers the control plane already runs; other kinds (`count/deployments.apps`) from the store. */
export function quotaObjectLister(registry: ObjectRegistry, informers: readonly Informer<KubeObject>[]): QuotaObjectLister {
  return async (resource: QuotaResource, namespace: string) => {
    const informer = informers.find((i) => i.resource.group === resource.group && i.resource.plural === resource.plural);
    if (informer) return informer.list((o) => o.metadata.namespace === namespace);
    const strategy = findResource(resource.group, resource.plural);
    if (!strategy?.namespaced) return [];
    return (await listObjects(registry.store, strategy, namespace, {})).items;
  };
}

export interface AdmissionInformers {
  serviceAccounts: Informer<ServiceAccount>;
  limitRanges: Informer<LimitRange>;
  resourceQuotas: Informer<ResourceQuota>;
}

/** Adds the steps to the registry's chain. */
export function addAdmissionPlugins(
  registry: ObjectRegistry,
  informers: AdmissionInformers,
  counted: readonly Informer<KubeObject>[],
  webhooks?: { mutating: Admission; validating: Admission },
): void {
  const inNamespace = (namespace: string) => (o: KubeObject) => o.metadata.namespace === namespace;
  registry.admission.add(
    limitRangeAdmission(async (namespace) => informers.limitRanges.list(inNamespace(namespace))),
    { phase: 'mutating', resources: [pods, persistentVolumeClaims] },
  );
  registry.admission.add(serviceAccountAdmission(serviceAccountLookup(registry, informers.serviceAccounts)), {
    phase: 'mutating',
    resources: [pods],
  });
  // Webhooks see what the built-in mutations made; quota charges only what the webhooks let through.
  if (webhooks) {
    registry.admission.add(webhooks.mutating, { phase: 'mutating' });
    registry.admission.add(webhooks.validating, { phase: 'validating' });
  }
  registry.admission.add(
    quotaAdmission(registry, (namespace) => informers.resourceQuotas.list(inNamespace(namespace))),
    { phase: 'validating' },
  );
}

/** The controller that keeps quotas' status current: a singleton, run by the leading control plane. */
export function startQuotaController(
  registry: ObjectRegistry,
  informers: AdmissionInformers,
  counted: readonly Informer<KubeObject>[],
): ResourceQuotaController {
  return new ResourceQuotaController(registry, informers.resourceQuotas, counted, quotaObjectLister(registry, counted));
}
