// StorageClasses: how claims of a class get their volumes (which provisioner, with what reclaim
// policy, bound at once or when the first pod is scheduled). The class annotated
// `storageclass.kubernetes.io/is-default-class: "true"` serves claims that name none.
import type { StorageClass } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource } from '../../strategy';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function isDefaultClass(sc: StorageClass): boolean {
  return sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
}

const printer: Printer<StorageClass> = {
  columns: [
    nameColumn,
    column('Provisioner'),
    column('ReclaimPolicy'),
    column('VolumeBindingMode'),
    column('AllowVolumeExpansion'),
    ageColumn,
  ],
  cells: (sc, now) => [
    isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name,
    sc.provisioner,
    sc.reclaimPolicy ?? '',
    sc.volumeBindingMode ?? '',
    String(sc.allowVolumeExpansion ?? false),
    age(sc.metadata.creationTimestamp, now),
  ],
};

/** Fields Kubernetes refuses to change once a class exists. */
const FIXED = ['parameters', 'provisioner', 'reclaimPolicy', 'volumeBindingMode'] as const;

function fixedFieldRules(sc: StorageClass, old: StorageClass, causes: Cause[]): void {
  for (const field of FIXED) {
    if (JSON.stringify(sc[field] ?? null) !== JSON.stringify(old[field] ?? null)) {
      causes.push({
        reason: 'FieldValueForbidden',
        field,
        message: `Forbidden: updates to ${field} are forbidden.`,
      });
    }
  }
}

export const storageClasses = defineResource<StorageClass>({
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  namespaced: false,
  definition: 'io.k8s.api.storage.v1.StorageClass',
  shortNames: ['sc'],
  printer,
  defaults: (sc) => {
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
  },
  validate: (sc, old) => {
    const causes: Cause[] = [];
    if (old) fixedFieldRules(sc, old, causes);
    return causes;
  },
});
