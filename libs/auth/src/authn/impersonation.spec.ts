import { impersonationOf } from './impersonation';

describe('impersonationOf', () => {
  it('is absent without headers and refuses groups without a user', () => {
    expect(impersonationOf({})).toBeUndefined();
    expect(() => impersonationOf({ 'impersonate-group': 'devs' })).toThrow('requested impersonation without a user');
  });

  it('asks to impersonate the user and each group, and acts as them', () => {
    const i = impersonationOf({ 'impersonate-user': 'alice', 'impersonate-group': ['devs', 'qa'] })!;
    expect(i.user).toEqual({ name: 'alice', groups: ['devs', 'qa', 'system:authenticated'] });
    expect(i.checks.map((c) => `${c.verb} ${c.resource} ${c.name}`)).toEqual([
      'impersonate users alice',
      'impersonate groups devs',
      'impersonate groups qa',
    ]);
  });

  it('checks a ServiceAccount as the serviceaccounts resource in its namespace and gives it its groups', () => {
    const i = impersonationOf({ 'impersonate-user': 'system:serviceaccount:ci:builder' })!;
    expect(i.checks).toEqual([
      expect.objectContaining({ verb: 'impersonate', resource: 'serviceaccounts', name: 'builder', namespace: 'ci' }),
    ]);
    expect(i.user.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated']);
  });
});
