// The DefaultIngressClass admission step wired to the registry: the decision is the kind's own
// (in @stevedore/api); the classes come from the caller.
import { admitIngress, defaultIngressClass, type IngressClass, ingresses } from '@stevedore/api';
import { asKind } from '../objects/api-object';
import type { Admission } from './admission';

export function ingressAdmission(classes: () => Promise<readonly IngressClass[]>): Admission {
  return {
    create: async (object) => admitIngress(asKind(ingresses, object), defaultIngressClass(await classes())),
    update: async () => undefined,
  };
}
