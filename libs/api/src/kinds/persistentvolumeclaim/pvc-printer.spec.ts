import type { PersistentVolume, PersistentVolumeClaim } from '../../generated/kubernetes-types';
import { persistentVolumes } from '../persistentvolume/pv-strategy';
import { persistentVolumeClaims } from './pvc-strategy';

describe('kubectl get pv,pvc columns', () => {
  const claim: PersistentVolumeClaim = {
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-path', volumeName: 'pvc-1', volumeMode: 'Filesystem' },
    status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
  };
  const volume: PersistentVolume = {
    metadata: { name: 'pvc-1' },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'local-path',
      claimRef: { namespace: 'default', name: 'data' },
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };

  it('prints a claim and its volume as kubectl does, <unset> for no attributes class', () => {
    const now = Date.now();
    expect(persistentVolumeClaims.printer.cells(claim, now)).toEqual([
      'data',
      'Bound',
      'pvc-1',
      '1Gi',
      'RWO',
      'local-path',
      '<unset>',
      '<unknown>',
      'Filesystem',
    ]);
    expect(persistentVolumes.printer.cells(volume, now)).toEqual([
      'pvc-1',
      '1Gi',
      'RWO,ROX',
      'Delete',
      'Bound',
      'default/data',
      'local-path',
      '<unset>',
      '',
      '<unknown>',
      'Filesystem',
    ]);
  });

  it('shows an object being deleted as Terminating', () => {
    const deleting = { deletionTimestamp: '2026-01-01T00:00:00Z' };
    expect(persistentVolumeClaims.printer.cells({ ...claim, metadata: { ...claim.metadata, ...deleting } }, Date.now())[1]).toBe(
      'Terminating',
    );
    expect(persistentVolumes.printer.cells({ ...volume, metadata: { ...volume.metadata, ...deleting } }, Date.now())[4]).toBe(
      'Terminating',
    );
  });
});
