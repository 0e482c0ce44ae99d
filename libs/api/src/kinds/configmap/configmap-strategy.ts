import type { ConfigMap } from '../../generated/kubernetes-types';
import { simplePrinter } from '../../printing';
import { defineResource } from '../../strategy';

export const configMaps = defineResource<ConfigMap>({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.ConfigMap',
  shortNames: ['cm'],
  printer: simplePrinter<ConfigMap>([['Data', (c) => Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length]]),
});
