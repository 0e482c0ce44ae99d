import type { PersistentVolume, PersistentVolumeClaim, Pod } from '@stevedore/api';
import { releaseClaim, releaseVolume } from './protection-plan';

const deleting = { deletionTimestamp: '2026-01-01T00:00:00Z' };
const claim: PersistentVolumeClaim = {
  metadata: { name: 'data', namespace: 'default', finalizers: ['kubernetes.io/pvc-protection'], ...deleting },
  spec: {},
};
const pod = (phase: string, namespace = 'default'): Pod => ({
  metadata: { name: 'p', namespace },
  spec: { containers: [], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] },
  status: { phase },
});

describe('in-use protection', () => {
  it('holds a claim being deleted while an unfinished pod of its namespace mounts it', () => {
    expect(releaseClaim(claim, [pod('Running')])).toBe(false);
    expect(releaseClaim(claim, [pod('Pending')])).toBe(false);
    expect(releaseClaim(claim, [pod('Succeeded'), pod('Running', 'other')])).toBe(true);
    expect(releaseClaim({ ...claim, metadata: { ...claim.metadata, deletionTimestamp: undefined } }, [])).toBe(false);
  });

  it('holds a volume being deleted while it is Bound', () => {
    const pv = (phase: string): PersistentVolume => ({
      metadata: { name: 'pv', finalizers: ['kubernetes.io/pv-protection'], ...deleting },
      spec: {},
      status: { phase },
    });
    expect(releaseVolume(pv('Bound'))).toBe(false);
    expect(releaseVolume(pv('Released'))).toBe(true);
    expect(releaseVolume(pv('Available'))).toBe(true);
  });
});
