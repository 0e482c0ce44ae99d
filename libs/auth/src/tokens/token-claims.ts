// The claims of a bound ServiceAccount token, as kube-apiserver issues them, and the checks on a
// TokenRequest's spec. Pure functions of their inputs; time is passed in (seconds since epoch).
import type { TokenRequestSpec } from '@stevedore/api';

/** An object a token is bound to: deleting it (or recreating it with another uid) revokes the token. */
export interface BoundObject {
  kind: 'Pod' | 'Secret';
  name: string;
  uid: string;
}

export interface ServiceAccountRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface ServiceAccountClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti?: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
    node?: { name: string; uid: string };
    warnafter?: number;
  };
}

export const MIN_EXPIRATION_SECONDS = 600;
export const DEFAULT_EXPIRATION_SECONDS = 3600;
/** Kubernetes caps requested lifetimes at 2^32 seconds; we cap at a year, which no caller exceeds. */
export const MAX_EXPIRATION_SECONDS = 365 * 24 * 3600;

export interface ClaimsInput {
  issuer: string;
  serviceAccount: ServiceAccountRef;
  audiences: string[];
  expirationSeconds: number;
  bound?: BoundObject;
  now: number;
  jti?: string;
}

export function serviceAccountClaims(input: ClaimsInput): ServiceAccountClaims {
  const { serviceAccount: sa, bound, now } = input;
  const k8s: ServiceAccountClaims['kubernetes.io'] = { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } };
  if (bound?.kind === 'Pod') k8s.pod = { name: bound.name, uid: bound.uid };
  if (bound?.kind === 'Secret') k8s.secret = { name: bound.name, uid: bound.uid };
  return {
    aud: input.audiences,
    exp: now + input.expirationSeconds,
    iat: now,
    iss: input.issuer,
    ...(input.jti ? { jti: input.jti } : {}),
    'kubernetes.io': k8s,
    nbf: now,
    sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
  };
}

/** Problems with a TokenRequest's spec, as field paths and messages (a 422 when any). */
export function tokenRequestProblems(spec: TokenRequestSpec | undefined): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seconds = spec?.expirationSeconds;
  if (seconds !== undefined && seconds < MIN_EXPIRATION_SECONDS)
    problems.push({
      field: 'spec.expirationSeconds',
      message: `Invalid value: ${seconds}: may not specify a duration less than 10 minutes`,
    });
  if (seconds !== undefined && seconds > 2 ** 32)
    problems.push({
      field: 'spec.expirationSeconds',
      message: `Invalid value: ${seconds}: may not specify a duration larger than 2^32 seconds`,
    });
  const ref = spec?.boundObjectRef;
  if (ref && !['Pod', 'Secret'].includes(ref.kind ?? ''))
    problems.push({
      field: 'spec.boundObjectRef.kind',
      message: `Unsupported value: "${ref.kind ?? ''}": supported values: "Pod", "Secret"`,
    });
  if (ref && (ref.apiVersion ?? 'v1') !== 'v1')
    problems.push({ field: 'spec.boundObjectRef.apiVersion', message: `Unsupported value: "${ref.apiVersion}": supported values: "v1"` });
  if (ref && !ref.name) problems.push({ field: 'spec.boundObjectRef.name', message: 'Required value' });
  return problems;
}

/** The lifetime actually granted: the request's, or the default, never more than the maximum. */
export function grantedSeconds(spec: TokenRequestSpec | undefined): number {
  return Math.min(spec?.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS, MAX_EXPIRATION_SECONDS);
}
