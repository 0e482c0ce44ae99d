// Nodes: registered by their agents, which write their status; the API proxies to them.
import type { Node } from '../../generated/kubernetes-types';
import { defineResource, subresource } from '../../strategy';
import { nodePrinter } from './node-printer';

export const nodes = defineResource<Node>({
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  namespaced: false,
  definition: 'io.k8s.api.core.v1.Node',
  shortNames: ['no'],
  subresources: [
    subresource('status'),
    subresource('proxy', { group: '', version: 'v1', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }),
  ],
  fieldSelectors: ['spec.unschedulable'],
  printer: nodePrinter,
});
