// Node-scoped reads: an agent may read a ConfigMap, Secret or PersistentVolumeClaim only when a
// pod bound to its node refers to it (env, envFrom or a volume), the rule Kubernetes' node
// authorizer enforces. A PersistentVolume it may read when such a claim is bound to it, or when
// the volume lives on the node (its node affinity names the node: the agent keeps its data).
import { findResource, ignoring, isNotFound, persistentVolumes } from '@stevedore/api';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import type { PodRouter } from './pod-router';

const KINDS: Record<string, string> = { ConfigMap: 'configmaps', Secret: 'secrets', PersistentVolumeClaim: 'persistentvolumeclaims' };
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export function referencedBy(pod: ApiObject, kind: string): Set<string> {
  const names = new Set<string>();
  const refKey = kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef';
  const fromKey = kind === 'ConfigMap' ? 'configMapRef' : 'secretRef';
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    for (const e of c.env ?? []) if (e.valueFrom?.[refKey]?.name) names.add(e.valueFrom[refKey].name);
    for (const e of c.envFrom ?? []) if (e[fromKey]?.name) names.add(e[fromKey].name);
  }
  for (const v of pod.spec.volumes ?? []) {
    if (kind === 'ConfigMap' && v.configMap?.name) names.add(v.configMap.name);
    if (kind === 'Secret' && v.secret?.secretName) names.add(v.secret.secretName);
    // A projected volume's sources name ConfigMaps and Secrets the same way (kube-root-ca.crt, say).
    for (const source of v.projected?.sources ?? []) {
      if (kind === 'ConfigMap' && source.configMap?.name) names.add(source.configMap.name);
      if (kind === 'Secret' && source.secret?.name) names.add(source.secret.name);
    }
    if (kind === 'PersistentVolumeClaim' && v.persistentVolumeClaim?.claimName) names.add(v.persistentVolumeClaim.claimName);
  }
  // The node pulls the pod's images with these.
  if (kind === 'Secret') for (const s of pod.spec.imagePullSecrets ?? []) if (s.name) names.add(s.name);
  return names;
}

function onNode(pv: ApiObject, node: string): boolean {
  return (pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []).some((term: ApiObject) =>
    (term.matchExpressions ?? []).some(
      (r: ApiObject) => r.key === HOSTNAME_LABEL && r.operator === 'In' && r.values?.length === 1 && r.values[0] === node,
    ),
  );
}

async function volumeForNode(registry: ObjectRegistry, router: PodRouter, node: string, name: string) {
  // A volume that does not exist tells the agent it may drop the data it kept for it.
  const pv = await registry.get<ApiObject>(persistentVolumes, undefined, name).catch(ignoring(isNotFound));
  if (!pv) return undefined;
  const ref = pv.spec?.claimRef;
  const claimed =
    ref &&
    router.podsOn(node).some((pod) => pod.metadata.namespace === ref.namespace && referencedBy(pod, 'PersistentVolumeClaim').has(ref.name));
  return claimed || onNode(pv, node) ? pv : 'forbidden';
}

export async function fetchForNode(
  registry: ObjectRegistry,
  router: PodRouter,
  node: string,
  request: { kind: string; namespace: string; name: string },
): Promise<ApiObject | undefined | 'forbidden'> {
  if (request.kind === 'PersistentVolume') return volumeForNode(registry, router, node, request.name);
  const plural = KINDS[request.kind];
  if (!plural) return 'forbidden';
  const allowed = router
    .podsOn(node)
    .some((pod) => pod.metadata.namespace === request.namespace && referencedBy(pod, request.kind).has(request.name));
  if (!allowed) return 'forbidden';
  // A missing object is an answer the agent handles (an optional ref); a failing read is not.
  return registry.get(findResource('', plural)!, request.namespace, request.name).catch(ignoring(isNotFound));
}
