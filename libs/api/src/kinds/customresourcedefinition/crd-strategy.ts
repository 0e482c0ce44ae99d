// CustomResourceDefinitions: user-defined kinds. This strategy stores and checks the definitions
// themselves; serving their objects is the dynamic-strategy registry's job.
import type { CustomResourceDefinition } from '../../generated/kubernetes-types';
import { column, nameColumn, type Printer } from '../../printing';
import { defineResource, subresource } from '../../strategy';
import { crdRules } from './crd-validation';

/** Held by a deleting definition until its objects are gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

// kubectl prints CRDs with their creation time, not an age.
const printer: Printer<CustomResourceDefinition> = {
  columns: [nameColumn, column('Created At', 'date')],
  cells: (crd) => [crd.metadata.name, crd.metadata.creationTimestamp ?? ''],
};

/** apiextensions' SetDefaults: singular and listKind from the kind, conversion None, webhook port 443. */
function defaults(crd: CustomResourceDefinition): void {
  const names = crd.spec.names;
  if (names?.kind) {
    names.singular ??= names.kind.toLowerCase();
    names.listKind ??= `${names.kind}List`;
  }
  crd.spec.conversion ??= { strategy: 'None' };
  const service = crd.spec.conversion.webhook?.clientConfig?.service;
  if (service) service.port ??= 443;
}

export const customResourceDefinitions = defineResource<CustomResourceDefinition>({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
  definition: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  subresources: [subresource('status')],
  printer,
  defaults,
  prepareForCreate: (crd) => {
    crd.status = { storedVersions: crd.spec.versions.filter((v) => v.storage).map((v) => v.name) };
  },
  validate: (crd, old) => crdRules(crd, old),
  delete: {
    // As upstream's REST delete: the definition stays, Terminating, until the CRD controller has
    // deleted its objects and removed the cleanup finalizer.
    lingers: () => true,
    markDeleting: (crd) => {
      crd.metadata.finalizers = [...new Set([...(crd.metadata.finalizers ?? []), CLEANUP_FINALIZER])];
      const terminating = {
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionPending',
        message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
        lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
      crd.status = { ...crd.status, conditions: [...(crd.status?.conditions ?? []).filter((c) => c.type !== 'Terminating'), terminating] };
    },
  },
});
