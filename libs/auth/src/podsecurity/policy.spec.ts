import { effectiveMinor, policyOf, policyString } from './policy';

describe('policyOf', () => {
  it('reads each mode, privileged:latest where a namespace has no label', () => {
    const { policy, errors } = policyOf({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.25',
    });
    expect(errors).toEqual([]);
    expect(policy).toEqual({
      enforce: { level: 'baseline', minor: undefined },
      warn: { level: 'restricted', minor: 25 },
      audit: { level: 'privileged', minor: undefined },
    });
    expect(policyString(policy.warn)).toBe('restricted:v1.25');
    expect(policyString(policy.enforce)).toBe('baseline:latest');
  });

  it('reports unparseable values and falls back to restricted:latest for that mode', () => {
    const { policy, errors } = policyOf({
      'pod-security.kubernetes.io/enforce': 'strict',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': '1.25',
    });
    expect(errors).toEqual([
      { label: 'pod-security.kubernetes.io/enforce', value: 'strict', message: 'must be one of privileged, baseline, restricted' },
      { label: 'pod-security.kubernetes.io/audit-version', value: '1.25', message: 'must be "latest" or "v1.x"' },
    ]);
    expect(policy.enforce).toEqual({ level: 'restricted' });
    expect(policy.audit).toEqual({ level: 'restricted' });
    expect(policy.warn.level).toBe('privileged');
  });

  it('evaluates latest and versions newer than the server as the newest checks', () => {
    expect(effectiveMinor({ level: 'baseline' })).toBe(32);
    expect(effectiveMinor({ level: 'baseline', minor: 40 })).toBe(32);
    expect(effectiveMinor({ level: 'baseline', minor: 22 })).toBe(22);
  });
});
