import type { Secret, ServiceAccount } from '@stevedore/api';
import { planTokenSecret } from './token-secret-plan';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const account: ServiceAccount = { metadata: { name: 'robot', namespace: 'team', uid: 'sa-1' } };
const secret = (
  annotations: Record<string, string>,
  data?: Record<string, string>,
  type = 'kubernetes.io/service-account-token',
): Secret => ({
  metadata: { name: 'robot-token', namespace: 'team', uid: 's-1', annotations },
  type,
  ...(data ? { data } : {}),
});
const named = { 'kubernetes.io/service-account.name': 'robot' };

describe('the token controller plan', () => {
  it('fills a new token Secret with a token, the CA, the namespace and the account uid', () => {
    expect(planTokenSecret(secret(named), account, 'CA')).toEqual({
      action: 'fill',
      token: true,
      accountUid: 'sa-1',
      data: { namespace: b64('team'), 'ca.crt': b64('CA') },
    });
  });

  it('leaves a filled Secret alone, and puts back a removed CA without a new token', () => {
    const filled = { token: 'dG9r', namespace: b64('team'), 'ca.crt': b64('CA') };
    const annotated = { ...named, 'kubernetes.io/service-account.uid': 'sa-1' };
    expect(planTokenSecret(secret(annotated, filled), account, 'CA')).toEqual({ action: 'none' });
    const { 'ca.crt': _, ...withoutCa } = filled;
    expect(planTokenSecret(secret(annotated, withoutCa), account, 'CA')).toMatchObject({
      action: 'fill',
      token: false,
      data: { 'ca.crt': b64('CA') },
    });
  });

  it('deletes the Secret when its account is missing or was recreated', () => {
    expect(planTokenSecret(secret(named), undefined, 'CA')).toMatchObject({
      action: 'delete',
      reason: 'serviceaccount robot does not exist',
    });
    const stale = { ...named, 'kubernetes.io/service-account.uid': 'sa-0' };
    expect(planTokenSecret(secret(stale), account, 'CA')).toMatchObject({ action: 'delete' });
  });

  it('ignores other Secrets', () => {
    expect(planTokenSecret(secret(named, undefined, 'Opaque'), undefined, 'CA')).toEqual({ action: 'none' });
    expect(planTokenSecret(secret({}), undefined, 'CA')).toEqual({ action: 'none' });
  });
});
