// networking.k8s.io/v1 Ingresses: HTTP routes by host and path to Services, with TLS. The
// ingress controller whose class an Ingress names serves it; one with no class gets the
// cluster's default class at admission (see ingress-admission.ts).
import type { Ingress } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import { defineResource, subresource } from '../../strategy';
import { ingressRules } from './ingress-validation';

/** As kubectl prints Ingresses: the hosts (up to four), the addresses, and 80 or 80, 443 with TLS. */
const printer: Printer<Ingress> = {
  columns: [nameColumn, column('Class'), column('Hosts'), column('Address'), column('Ports'), ageColumn],
  cells: (ing, now) => {
    const hosts = (ing.spec?.rules ?? []).map((r) => r.host).filter((h): h is string => !!h);
    const hostText = hosts.length > 4 ? `${hosts.slice(0, 4).join(',')} + ${hosts.length - 4} more...` : hosts.join(',') || '*';
    const addresses = (ing.status?.loadBalancer?.ingress ?? []).map((a) => a.ip || a.hostname).filter(Boolean);
    return [
      ing.metadata.name,
      ing.spec?.ingressClassName ?? '<none>',
      hostText,
      addresses.join(','),
      ing.spec?.tls?.length ? '80, 443' : '80',
      age(ing.metadata.creationTimestamp, now),
    ];
  },
};

export const ingresses = defineResource<Ingress>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  namespaced: true,
  definition: 'io.k8s.api.networking.v1.Ingress',
  shortNames: ['ing'],
  subresources: [subresource('status')],
  printer,
  validate: (ing) => ingressRules(ing),
});
