// Which Ingresses the built-in controller serves: those whose class (field, or the legacy
// annotation) names an IngressClass with our controller string. Others are left to whichever
// controller their class names, so ingress-nginx and friends can run beside it.
import { type Ingress, type IngressClass, ingressClassOf } from '@stevedore/api';

/** The `spec.controller` of the IngressClasses the node agents' ingress proxies serve. */
export const BUILTIN_INGRESS_CONTROLLER = 'stevedore.io/ingress';

export function ourClassNames(classes: readonly IngressClass[]): Set<string> {
  return new Set(classes.filter((c) => c.spec?.controller === BUILTIN_INGRESS_CONTROLLER).map((c) => c.metadata.name!));
}

export function isOurIngress(ingress: Ingress, ours: ReadonlySet<string>): boolean {
  const cls = ingressClassOf(ingress);
  return cls !== undefined && ours.has(cls);
}
