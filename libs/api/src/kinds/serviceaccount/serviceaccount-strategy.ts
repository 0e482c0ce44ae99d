import type { ServiceAccount } from '../../generated/kubernetes-types';
import { simplePrinter } from '../../printing';
import { defineResource } from '../../strategy';

/** A ServiceAccount, with the `token` subresource that issues its bound tokens (TokenRequest). */
export const serviceAccounts = defineResource<ServiceAccount>({
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  namespaced: true,
  shortNames: ['sa'],
  definition: 'io.k8s.api.core.v1.ServiceAccount',
  subresources: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }],
  printer: simplePrinter<ServiceAccount>([['Secrets', (s) => (s.secrets ?? []).length]]),
});
