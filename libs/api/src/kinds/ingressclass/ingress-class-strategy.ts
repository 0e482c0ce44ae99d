// networking.k8s.io/v1 IngressClasses: which controller serves Ingresses of a class. The class
// annotated `ingressclass.kubernetes.io/is-default-class: "true"` serves Ingresses that name none.
import type { IngressClass } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource } from '../../strategy';

export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

export function isDefaultIngressClass(ic: IngressClass): boolean {
  return ic.metadata.annotations?.[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true';
}

/** With several defaults the newest wins, as upstream's DefaultIngressClass admission since 1.26. */
export function defaultIngressClass(classes: readonly IngressClass[]): IngressClass | undefined {
  return classes
    .filter(isDefaultIngressClass)
    .sort(
      (a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    )[0];
}

const printer: Printer<IngressClass> = {
  columns: [nameColumn, column('Controller'), column('Parameters'), ageColumn],
  cells: (ic, now) => {
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.apiGroup ? `${p.kind}.${p.apiGroup}` : p.kind}/${p.name}` : '<none>';
    return [ic.metadata.name, ic.spec?.controller ?? '', parameters, age(ic.metadata.creationTimestamp, now)];
  },
};

/** A domain-prefixed path such as `example.com/ingress-controller`, at most 250 characters. */
const CONTROLLER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

function classRules(ic: IngressClass, old: IngressClass | undefined): Cause[] {
  const causes: Cause[] = [];
  const controller = ic.spec?.controller ?? '';
  if (!controller) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.controller', message: 'Required value' });
  } else if (controller.length > 250) {
    causes.push({ reason: 'FieldValueTooLong', field: 'spec.controller', message: 'Too long: may not be more than 250 bytes' });
  } else if (!CONTROLLER.test(controller)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.controller',
      message: `Invalid value: "${controller}": must be a domain-prefixed path (such as "acme.io/foo")`,
    });
  }
  if (old && (old.spec?.controller ?? '') !== controller)
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.controller', message: `Invalid value: "${controller}": field is immutable` });
  return causes;
}

export const ingressClasses = defineResource<IngressClass>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  namespaced: false,
  definition: 'io.k8s.api.networking.v1.IngressClass',
  printer,
  validate: (ic, old) => classRules(ic, old),
});
