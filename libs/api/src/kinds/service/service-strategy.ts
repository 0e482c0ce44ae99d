// Services. Their cluster IPs and node ports are handed out by an allocator the API server
// registers for this kind (it needs the store), not by the strategy.
import type { Service } from '../../generated/kubernetes-types';
import { dns1035Label } from '../../meta/names';
import { defineResource, subresource } from '../../strategy';
import { servicePrinter } from './service-printer';

export const services = defineResource<Service>({
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.Service',
  shortNames: ['svc'],
  categories: ['all'],
  subresources: [subresource('status')],
  fieldSelectors: ['spec.clusterIP', 'spec.type'],
  nameProblem: dns1035Label,
  printer: servicePrinter,
  defaults: (s) => {
    s.spec ??= {};
    s.spec.type ??= 'ClusterIP';
    s.spec.sessionAffinity ??= 'None';
    for (const p of s.spec.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
  },
});
