import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { claimSpecRules, claimUpdateRules } from './pvc-validation';

const claim = (spec: PersistentVolumeClaimSpec): PersistentVolumeClaim => ({ metadata: { name: 'data' }, spec });
const base: PersistentVolumeClaimSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

function problems(run: (causes: Cause[]) => void): string[] {
  const causes: Cause[] = [];
  run(causes);
  return causes.map((c) => `${c.field}: ${c.message}`);
}

describe('PersistentVolumeClaim rules', () => {
  it('needs access modes and a storage request', () => {
    expect(problems((c) => claimSpecRules(base, 'spec', c))).toEqual([]);
    expect(problems((c) => claimSpecRules({}, 'spec', c))).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources.requests[storage]: Required value',
    ]);
    expect(problems((c) => claimSpecRules({ ...base, accessModes: ['ReadWriteOncePod', 'Sideways'] }, 'spec', c))).toEqual([
      expect.stringMatching(/^spec\.accessModes: Unsupported value: "Sideways": supported values: "ReadWriteOnce"/),
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    ]);
  });

  it('lets the binder set volumeName once and the request grow, nothing else', () => {
    const old = claim(base);
    expect(problems((c) => claimUpdateRules(claim({ ...base, volumeName: 'pv-1' }), old, c))).toEqual([]);
    expect(problems((c) => claimUpdateRules(claim({ ...base, resources: { requests: { storage: '2Gi' } } }), old, c))).toEqual([]);
    const bound = claim({ ...base, volumeName: 'pv-1' });
    expect(problems((c) => claimUpdateRules(claim({ ...base, volumeName: 'pv-2' }), bound, c))).toHaveLength(1);
    expect(problems((c) => claimUpdateRules(claim({ ...base, storageClassName: 'fast' }), old, c))).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
  });
});
