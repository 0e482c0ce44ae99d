// What the PodSecurity admission step reads, and the resources it judges: pods (enforced),
// the workload kinds whose pod templates get warnings, and namespaces (their labels).
import {
  cronJobs,
  daemonSets,
  deployments,
  ignoring,
  isNotFound,
  jobs,
  type Namespace,
  namespaces,
  type Pod,
  pods,
  type ResourceStrategy,
  replicaSets,
  statefulSets,
} from '@stevedore/api';
import { type Admission, type ObjectRegistry, podSecurityAdmission } from '@stevedore/apiserver';
import { currentRequestAudit } from '@stevedore/audit';
import type { Informer } from '@stevedore/controllers';

export const POD_SECURITY_RESOURCES: ResourceStrategy[] = [
  pods,
  deployments,
  replicaSets,
  statefulSets,
  daemonSets,
  jobs,
  cronJobs,
  namespaces,
];

/**
 * The namespace is read from the store, not the informer: `kubectl label ns … enforce=baseline`
 * followed at once by a pod create must see the new label, and a point read costs far less than
 * admitting a pod the namespace forbids. The existing pods for the label-change warnings are the
 * informer's (a warning may miss a pod created a moment ago, as Kubernetes' may).
 */
export function podSecurityStep(registry: ObjectRegistry, podInformer: Informer<Pod>): Admission {
  return podSecurityAdmission({
    namespace: async (name): Promise<Namespace | undefined> => registry.get(namespaces, undefined, name).catch(ignoring(isNotFound)),
    pods: async (namespace) => podInformer.list((p) => p.metadata.namespace === namespace),
    // The audit-violations annotation goes on the request's audit event, as kube-apiserver's.
    audit: (_object, annotations) => currentRequestAudit()?.annotate(annotations),
  });
}
