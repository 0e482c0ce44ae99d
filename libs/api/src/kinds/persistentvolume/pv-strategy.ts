// PersistentVolumes: a piece of storage in the cluster, made by an administrator or by a
// provisioner for a claim. The volume binder sets claimRef and the status phase.
import type { PersistentVolume } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { accessModesText } from './access-modes';
import { persistentVolumeRules } from './pv-validation';

const printer: Printer<PersistentVolume> = {
  columns: [
    nameColumn,
    column('Capacity'),
    column('Access Modes'),
    column('Reclaim Policy'),
    column('Status'),
    column('Claim'),
    column('StorageClass'),
    column('VolumeAttributesClass'),
    column('Reason'),
    ageColumn,
    column('VolumeMode', 'string', 1),
  ],
  cells: (pv, now) => {
    const ref = pv.spec?.claimRef;
    return [
      pv.metadata.name,
      pv.spec?.capacity?.storage ?? '',
      accessModesText(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      ref ? `${ref.namespace}/${ref.name}` : '',
      pv.spec?.storageClassName ?? '',
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      age(pv.metadata.creationTimestamp, now),
      pv.spec?.volumeMode ?? '',
    ];
  },
};

export const persistentVolumes = defineResource<PersistentVolume>({
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  namespaced: false,
  definition: 'io.k8s.api.core.v1.PersistentVolume',
  shortNames: ['pv'],
  subresources: [subresource('status')],
  printer,
  defaults: (pv) => {
    pv.spec ??= {};
    pv.spec.persistentVolumeReclaimPolicy ??= 'Retain';
    pv.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate: (pv) => {
    pv.status = { phase: 'Pending' };
  },
  validate: (pv) => {
    const causes: Cause[] = [];
    persistentVolumeRules(pv, causes);
    return causes;
  },
});
