import { secretRules } from './secret-rules';

const token = (annotations?: Record<string, string>) => ({
  metadata: { name: 't', namespace: 'default', ...(annotations ? { annotations } : {}) },
  type: 'kubernetes.io/service-account-token',
});

describe('Secret rules', () => {
  it("requires a ServiceAccount token Secret to name its account, as Kubernetes' validation", () => {
    expect(secretRules(token(), undefined)).toEqual([
      { field: 'metadata.annotations[kubernetes.io/service-account.name]', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
    expect(secretRules(token({ 'kubernetes.io/service-account.name': 'robot' }), undefined)).toEqual([]);
    expect(secretRules({ metadata: { name: 'o' }, type: 'Opaque' }, undefined)).toEqual([]);
  });

  it('keeps the type immutable', () => {
    expect(secretRules({ metadata: { name: 'o' }, type: 'kubernetes.io/tls' }, { metadata: { name: 'o' }, type: 'Opaque' })).toEqual([
      { field: 'type', reason: 'FieldValueInvalid', message: 'Invalid value: "kubernetes.io/tls": field is immutable' },
    ]);
  });
});
