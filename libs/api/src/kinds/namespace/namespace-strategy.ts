// Namespaces: Active until deleted, then Terminating until the namespace controller has emptied
// them; the namespaces the cluster itself relies on cannot be deleted.
import type { Namespace } from '../../generated/kubernetes-types';
import { dns1123Label } from '../../meta/names';
import { simplePrinter } from '../../printing';
import { defineResource, subresource, VERBS } from '../../strategy';

/** The label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const PROTECTED = new Set(['default', 'kube-system', 'kube-public']);

export const namespaces = defineResource<Namespace>({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
  definition: 'io.k8s.api.core.v1.Namespace',
  shortNames: ['ns'],
  verbs: VERBS.filter((v) => v !== 'deletecollection'),
  subresources: [subresource('status')],
  // The namespace controller writes the phase on the namespace itself.
  statusFromSubresourceOnly: false,
  fieldSelectors: ['status.phase'],
  nameProblem: dns1123Label,
  printer: simplePrinter<Namespace>([['Status', (n) => n.status?.phase ?? 'Active']]),
  defaults: (ns) => {
    // As kube-apiserver does on every write, so namespaceSelectors can pick a namespace by name.
    if (ns.metadata.name) ns.metadata.labels = { ...ns.metadata.labels, [NAMESPACE_NAME_LABEL]: ns.metadata.name };
    ns.spec ??= {};
    ns.spec.finalizers ??= ['kubernetes'];
    ns.status ??= { phase: 'Active' };
  },
  delete: {
    lingers: () => true,
    forbidden: (ns) => (PROTECTED.has(ns.metadata.name ?? '') ? 'this namespace may not be deleted' : undefined),
    markDeleting: (ns) => {
      ns.status = { ...ns.status, phase: 'Terminating' };
    },
  },
});
