// The tokens node agents write into pods' projected volumes: for the pod's ServiceAccount, bound
// to the pod, so they stop working once the pod is deleted.
import { serviceAccounts } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { MIN_EXPIRATION_SECONDS, type ServiceAccountTokens } from '@stevedore/auth';
import type { PodTokenIssuer } from '@stevedore/gateway';

export function podTokenIssuer(registry: ObjectRegistry, tokens: ServiceAccountTokens, now = () => Date.now()): PodTokenIssuer {
  return async (pod, audience, expirationSeconds) => {
    const namespace = pod.metadata.namespace!;
    const name = pod.spec?.serviceAccountName || 'default';
    const account = await registry.get(serviceAccounts, namespace, name);
    const { token, claims } = await tokens.issue({
      serviceAccount: { namespace, name, uid: account.metadata.uid! },
      audiences: audience ? [audience] : undefined,
      expirationSeconds: Math.max(MIN_EXPIRATION_SECONDS, expirationSeconds),
      bound: { kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid! },
      now: Math.floor(now() / 1000),
    });
    return { token, expirationTimestamp: new Date(claims.exp * 1000).toISOString() };
  };
}
