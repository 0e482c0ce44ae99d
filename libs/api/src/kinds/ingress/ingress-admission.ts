// Kubernetes' DefaultIngressClass admission: a new Ingress that names no class gets the default
// one (an Ingress with the old `kubernetes.io/ingress.class` annotation keeps that instead).
import type { Ingress, IngressClass } from '../../generated/kubernetes-types';

export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export function admitIngress(ingress: Ingress, defaultClass: IngressClass | undefined): void {
  if (!defaultClass || ingress.metadata.annotations?.[LEGACY_CLASS_ANNOTATION] !== undefined) return;
  ingress.spec ??= {};
  ingress.spec.ingressClassName ??= defaultClass.metadata.name;
}

/** The class an Ingress asks for: its field, else the annotation ingress-nginx still honours. */
export function ingressClassOf(ingress: Ingress): string | undefined {
  return ingress.spec?.ingressClassName ?? ingress.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
}
