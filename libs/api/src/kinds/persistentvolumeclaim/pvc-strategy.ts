// PersistentVolumeClaims: a request for storage that pods mount by name. The volume binder binds
// a claim to a matching PersistentVolume (or has one provisioned) and sets the status.
import type { PersistentVolumeClaim } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { accessModesText } from '../persistentvolume/access-modes';
import { claimSpecRules, claimUpdateRules } from './pvc-validation';

const printer: Printer<PersistentVolumeClaim> = {
  columns: [
    nameColumn,
    column('Status'),
    column('Volume'),
    column('Capacity'),
    column('Access Modes'),
    column('StorageClass'),
    column('VolumeAttributesClass'),
    ageColumn,
    column('VolumeMode', 'string', 1),
  ],
  cells: (pvc, now) => [
    pvc.metadata.name,
    // As kubectl's printer: an object being deleted shows Terminating, whatever its phase.
    pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
    pvc.spec.volumeName ?? '',
    pvc.status?.capacity?.storage ?? '',
    accessModesText(pvc.status?.accessModes),
    pvc.spec.storageClassName ?? '',
    pvc.spec.volumeAttributesClassName ?? '<unset>',
    age(pvc.metadata.creationTimestamp, now),
    pvc.spec.volumeMode ?? '',
  ],
};

export const persistentVolumeClaims = defineResource<PersistentVolumeClaim>({
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.PersistentVolumeClaim',
  shortNames: ['pvc'],
  subresources: [subresource('status')],
  printer,
  defaults: (pvc) => {
    pvc.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate: (pvc) => {
    pvc.status = { phase: 'Pending' };
  },
  validate: (pvc, old) => {
    const causes: Cause[] = [];
    claimSpecRules(pvc.spec, 'spec', causes);
    if (old) claimUpdateRules(pvc, old, causes);
    return causes;
  },
});
