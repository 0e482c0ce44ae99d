import type { Lease } from '../../generated/kubernetes-types';
import { simplePrinter } from '../../printing';
import { defineResource } from '../../strategy';

export const leases = defineResource<Lease>({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
  definition: 'io.k8s.api.coordination.v1.Lease',
  printer: simplePrinter<Lease>([['Holder', (l) => l.spec?.holderIdentity ?? '']]),
});
