// The claims of a legacy ServiceAccount token, the kind Kubernetes' token controller writes into
// `kubernetes.io/service-account-token` Secrets: its own issuer, no audience and no expiry. It is
// bound to its Secret instead: deleting the Secret (or the account) revokes it.

/** The issuer kube-apiserver gives the tokens it stores in Secrets. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

const PREFIX = 'kubernetes.io/serviceaccount/';

export interface LegacyClaims {
  iss: typeof LEGACY_ISSUER;
  sub: string;
  'kubernetes.io/serviceaccount/namespace': string;
  'kubernetes.io/serviceaccount/secret.name': string;
  'kubernetes.io/serviceaccount/service-account.name': string;
  'kubernetes.io/serviceaccount/service-account.uid': string;
  /** Not in upstream's tokens: the Secret's uid, so a recreated Secret of the same name does not revive it. */
  'kubernetes.io/serviceaccount/secret.uid': string;
}

export interface LegacyTokenInput {
  namespace: string;
  secret: { name: string; uid: string };
  serviceAccount: { name: string; uid: string };
}

export function legacyClaims({ namespace, secret, serviceAccount }: LegacyTokenInput): LegacyClaims {
  return {
    iss: LEGACY_ISSUER,
    [`${PREFIX}namespace`]: namespace,
    [`${PREFIX}secret.name`]: secret.name,
    [`${PREFIX}secret.uid`]: secret.uid,
    [`${PREFIX}service-account.name`]: serviceAccount.name,
    [`${PREFIX}service-account.uid`]: serviceAccount.uid,
    sub: `system:serviceaccount:${namespace}:${serviceAccount.name}`,
  } as LegacyClaims;
}

/** The parts of legacy claims authentication checks, or undefined when one is missing. */
export function legacyTokenInput(claims: Partial<LegacyClaims>): LegacyTokenInput | undefined {
  const namespace = claims[`${PREFIX}namespace`];
  const secret = { name: claims[`${PREFIX}secret.name`], uid: claims[`${PREFIX}secret.uid`] };
  const account = { name: claims[`${PREFIX}service-account.name`], uid: claims[`${PREFIX}service-account.uid`] };
  if (!namespace || !secret.name || !secret.uid || !account.name || !account.uid) return undefined;
  return { namespace, secret: secret as LegacyTokenInput['secret'], serviceAccount: account as LegacyTokenInput['serviceAccount'] };
}
