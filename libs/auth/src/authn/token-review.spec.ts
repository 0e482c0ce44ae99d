import type { StatusError } from '@stevedore/api';
import { Authenticator } from './authenticator';
import { tokenReview } from './token-review';

const API = 'https://kubernetes.default.svc.cluster.local';
const authenticator = new Authenticator([{ token: 'good-token', user: { name: 'admin', groups: ['system:masters'] } }]);
const review = (spec: Record<string, unknown>) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec });

describe('TokenReview', () => {
  it('names the user of a token the API accepts, for the API audience', async () => {
    expect((await tokenReview(authenticator, API, review({ token: 'good-token' }))).status).toEqual({
      authenticated: true,
      user: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
      audiences: [API],
    });
  });

  it('answers authenticated false for an unknown token or another audience', async () => {
    expect((await tokenReview(authenticator, API, review({ token: 'forged' }))).status).toEqual({ authenticated: false, user: {} });
    const other = await tokenReview(authenticator, API, review({ token: 'good-token', audiences: ['vault'] }));
    expect(other.status).toMatchObject({
      authenticated: false,
      error: expect.stringContaining('is invalid for the target audiences ["vault"]'),
    });
  });

  it('refuses a review without a token, as Kubernetes does', async () => {
    const err = (await tokenReview(authenticator, API, review({})).catch((e) => e)) as StatusError;
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'token is required for TokenReview in authentication' });
  });
});
