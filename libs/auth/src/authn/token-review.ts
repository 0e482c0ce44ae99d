// TokenReview (authentication.k8s.io/v1): whose token is this, asked by a server that was handed
// a bearer token (an aggregated API server, a webhook), answered by the same authenticator that
// guards the API. Bound to `system:auth-delegator`, with SubjectAccessReview for the next step.
import { badRequest, type TokenReview } from '@stevedore/api';
import type { Authenticator } from './authenticator';

/**
 * The review with its status. A token this API does not accept is `authenticated: false`, not an
 * error. Our tokens are good for the API's own audience only, so a review naming others fails.
 */
export async function tokenReview(authenticator: Authenticator, apiAudience: string, body: unknown): Promise<TokenReview> {
  const review = (body ?? {}) as Partial<TokenReview>;
  const token = review.spec?.token;
  if (!token) throw badRequest('token is required for TokenReview in authentication');
  const wanted = review.spec?.audiences?.length ? review.spec.audiences : [apiAudience];
  const base = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: { creationTimestamp: null }, spec: review.spec! };
  if (!wanted.includes(apiAudience)) {
    const error = `token audiences ["${apiAudience}"] is invalid for the target audiences ${JSON.stringify(wanted)}`;
    return { ...base, status: { authenticated: false, error, user: {} } } as unknown as TokenReview;
  }
  const user = await authenticator.authenticate({ bearer: token });
  if (!user) return { ...base, status: { authenticated: false, user: {} } } as unknown as TokenReview;
  const userInfo = {
    username: user.name,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra ? { extra: user.extra } : {}),
  };
  return { ...base, status: { authenticated: true, user: userInfo, audiences: [apiAudience] } } as unknown as TokenReview;
}
