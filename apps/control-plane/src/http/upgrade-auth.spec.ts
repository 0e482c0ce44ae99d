import { Authenticator, RbacAuthorizer } from '@stevedore/auth';
import type { IncomingMessage } from 'http';
import { admitUpgrade } from './upgrade-auth';

const auth = {
  authenticator: new Authenticator([
    { token: 'admin-token', user: { name: 'admin', groups: ['system:masters'] } },
    { token: 'alice-token', user: { name: 'alice', groups: [] } },
  ]),
  rbac: new RbacAuthorizer({
    role: () => undefined,
    clusterRole: () => undefined,
    roleBindings: () => [],
    clusterRoleBindings: () => [],
  }),
};

const upgrade = (url: string, token?: string) =>
  ({
    url,
    method: 'GET',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    socket: {},
  }) as unknown as IncomingMessage;

describe('upgrade authorization', () => {
  const exec = '/api/v1/namespaces/default/pods/web/exec?command=sh&stdout=true';

  it('answers 403 with Kubernetes’ message to a known user lacking create on pods/exec', async () => {
    const verdict = await admitUpgrade(auth, upgrade(exec, 'alice-token'));
    expect(verdict.refusal).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "web" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "default"',
      details: { name: 'web', kind: 'pods' },
    });
    const portForward = await admitUpgrade(auth, upgrade('/api/v1/namespaces/default/pods/web/portforward', 'alice-token'));
    expect(portForward.refusal?.message).toContain('cannot create resource "pods/portforward"');
  });

  it('answers 401 without a known credential, and lets an allowed user through', async () => {
    expect((await admitUpgrade(auth, upgrade(exec, 'forged'))).refusal).toMatchObject({ code: 401, reason: 'Unauthorized' });
    expect((await admitUpgrade(auth, upgrade(exec))).refusal?.code).toBe(401);
    expect(await admitUpgrade(auth, upgrade(exec, 'admin-token'))).toEqual({
      authenticated: true,
      user: { name: 'admin', groups: ['system:masters', 'system:authenticated'] },
    });
  });

  it('checks impersonation before the stream: alice may not exec as admin', async () => {
    const req = upgrade(exec, 'alice-token');
    req.headers['impersonate-user'] = 'admin';
    expect((await admitUpgrade(auth, req)).refusal).toMatchObject({ code: 403 });
  });
});
