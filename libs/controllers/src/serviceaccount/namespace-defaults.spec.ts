import { planNamespaceDefaults } from './namespace-defaults';

const ns = (extra = {}) => ({ metadata: { name: 'team', ...extra } });

describe('planNamespaceDefaults', () => {
  it('creates the default ServiceAccount and the root CA ConfigMap in a new namespace', () => {
    const plan = planNamespaceDefaults(ns(), undefined, undefined, 'CA');
    expect(plan.createServiceAccount).toEqual({ metadata: { name: 'default', namespace: 'team' } });
    expect(plan.rootCa?.metadata).toMatchObject({ name: 'kube-root-ca.crt', namespace: 'team' });
    expect(plan.rootCa?.data).toEqual({ 'ca.crt': 'CA' });
  });

  it('does nothing when both exist as they should, or in a namespace being deleted', () => {
    const cm = { metadata: { name: 'kube-root-ca.crt', namespace: 'team' }, data: { 'ca.crt': 'CA' } };
    expect(planNamespaceDefaults(ns(), { metadata: { name: 'default' } }, cm, 'CA')).toEqual({});
    expect(planNamespaceDefaults(ns({ deletionTimestamp: '2026-01-01T00:00:00Z' }), undefined, undefined, 'CA')).toEqual({});
  });

  it('rewrites an edited CA, keeping the object it writes over', () => {
    const cm = { metadata: { name: 'kube-root-ca.crt', namespace: 'team', resourceVersion: '7' }, data: { 'ca.crt': 'old' } };
    const plan = planNamespaceDefaults(ns(), { metadata: { name: 'default' } }, cm, 'CA');
    expect(plan.rootCa?.metadata.resourceVersion).toBe('7');
    expect(plan.rootCa?.data).toEqual({ 'ca.crt': 'CA' });
  });
});
