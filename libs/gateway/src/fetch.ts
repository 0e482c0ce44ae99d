// Node-scoped reads: an agent may read a ConfigMap or Secret only when a pod bound to its node
// refers to it (env, envFrom or a volume), the rule Kubernetes' node authorizer enforces.
import { findResource, ignoring, isNotFound } from '@stevedore/api';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import type { PodRouter } from './pod-router';

const KINDS: Record<string, string> = { ConfigMap: 'configmaps', Secret: 'secrets' };

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
  }
  return names;
}

export async function fetchForNode(
  registry: ObjectRegistry,
  router: PodRouter,
  node: string,
  request: { kind: string; namespace: string; name: string },
): Promise<ApiObject | undefined | 'forbidden'> {
  const plural = KINDS[request.kind];
  if (!plural) return 'forbidden';
  const allowed = router
    .podsOn(node)
    .some((pod) => pod.metadata.namespace === request.namespace && referencedBy(pod, request.kind).has(request.name));
  if (!allowed) return 'forbidden';
  // A missing object is an answer the agent handles (an optional ref); a failing read is not.
  return registry.get(findResource('', plural)!, request.namespace, request.name).catch(ignoring(isNotFound));
}
