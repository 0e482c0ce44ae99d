import type { Secret } from '../../generated/kubernetes-types';
import { simplePrinter } from '../../printing';
import { defineResource } from '../../strategy';
import { secretRules } from './secret-rules';

export const secrets = defineResource<Secret>({
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.Secret',
  fieldSelectors: ['type'],
  printer: simplePrinter<Secret>([
    ['Type', (s) => s.type ?? 'Opaque'],
    ['Data', (s) => Object.keys(s.data ?? {}).length],
  ]),
  defaults: (s) => {
    s.type ??= 'Opaque';
  },
  validate: secretRules,
});
