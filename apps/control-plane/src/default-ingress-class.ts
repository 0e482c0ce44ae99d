// The IngressClass a new cluster starts with: the built-in ingress controller that every node's
// agent runs, the default for Ingresses that name no class (as k3s ships Traefik). Created only
// when absent, so an administrator's changes (say, making ingress-nginx the default) survive a
// restart; a deleted one comes back at the next start.
import { DEFAULT_INGRESS_CLASS_ANNOTATION, type IngressClass, ignoring, ingressClasses, isAlreadyExists } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { BUILTIN_INGRESS_CONTROLLER } from '@stevedore/controllers';

export const DEFAULT_INGRESS_CLASS: IngressClass = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'stevedore', annotations: { [DEFAULT_INGRESS_CLASS_ANNOTATION]: 'true' } },
  spec: { controller: BUILTIN_INGRESS_CONTROLLER },
};

export async function ensureDefaultIngressClass(registry: ObjectRegistry): Promise<void> {
  await registry.create(ingressClasses, undefined, DEFAULT_INGRESS_CLASS).catch(ignoring(isAlreadyExists));
}
