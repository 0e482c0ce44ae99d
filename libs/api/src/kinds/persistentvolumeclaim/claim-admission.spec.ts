import type { PersistentVolumeClaim, StorageClass } from '../../generated/kubernetes-types';
import { admitClaim, defaultStorageClass } from './claim-admission';

const sc = (name: string, isDefault: boolean, created: string): StorageClass => ({
  metadata: { name, creationTimestamp: created, annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
  provisioner: 'p',
});
const claim = (storageClassName?: string): PersistentVolumeClaim => ({
  metadata: { name: 'c' },
  spec: { accessModes: ['ReadWriteOnce'], ...(storageClassName !== undefined ? { storageClassName } : {}) },
});

describe('claim admission', () => {
  it('gives a claim without a class the newest default class, and protects it', () => {
    const classes = [
      sc('old', true, '2026-01-01T00:00:00Z'),
      sc('new', true, '2026-02-01T00:00:00Z'),
      sc('other', false, '2026-03-01T00:00:00Z'),
    ];
    const c = claim();
    admitClaim(c, defaultStorageClass(classes));
    expect(c.spec.storageClassName).toBe('new');
    expect(c.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
  });

  it('leaves an explicit class alone, "" (no class) included', () => {
    const defaults = sc('local-path', true, '2026-01-01T00:00:00Z');
    for (const name of ['', 'fast']) {
      const c = claim(name);
      admitClaim(c, defaults);
      expect(c.spec.storageClassName).toBe(name);
    }
    const none = claim();
    admitClaim(none, undefined);
    expect(none.spec.storageClassName).toBeUndefined();
  });
});
