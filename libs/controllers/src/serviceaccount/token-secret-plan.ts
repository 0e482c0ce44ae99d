// What Kubernetes' token controller does to a `kubernetes.io/service-account-token` Secret: fill
// in `token` (a legacy token for the named ServiceAccount), `ca.crt` and `namespace`, and record
// the account's uid; delete the Secret when its account is gone or was recreated (another uid).
// Pure: the action, from the Secret, its account and the cluster CA.
import type { Secret, ServiceAccount } from '@stevedore/api';

export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

export type TokenSecretPlan =
  | { action: 'none' }
  | { action: 'delete'; reason: string }
  /** `data` holds what to set besides the token; `token` says whether a new token must be signed. */
  | { action: 'fill'; data: Record<string, string>; token: boolean; accountUid: string };

const b64 = (text: string) => Buffer.from(text).toString('base64');

export function isTokenSecret(secret: Secret): boolean {
  return secret.type === SERVICE_ACCOUNT_TOKEN_TYPE && !!secret.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
}

export function planTokenSecret(secret: Secret, account: ServiceAccount | undefined, caCert: string | undefined): TokenSecretPlan {
  if (!isTokenSecret(secret) || secret.metadata?.deletionTimestamp) return { action: 'none' };
  const annotations = secret.metadata?.annotations ?? {};
  const accountName = annotations[SERVICE_ACCOUNT_NAME_ANNOTATION];
  if (!account || account.metadata.deletionTimestamp) return { action: 'delete', reason: `serviceaccount ${accountName} does not exist` };
  const accountUid = account.metadata.uid!;
  const recorded = annotations[SERVICE_ACCOUNT_UID_ANNOTATION];
  if (recorded && recorded !== accountUid)
    return { action: 'delete', reason: `serviceaccount ${accountName} was recreated (uid ${recorded} became ${accountUid})` };
  const want: Record<string, string> = { namespace: b64(secret.metadata!.namespace!) };
  if (caCert !== undefined) want['ca.crt'] = b64(caCert);
  const data = secret.data ?? {};
  const stale = Object.fromEntries(Object.entries(want).filter(([key, value]) => data[key] !== value));
  const token = !data.token;
  if (!token && recorded && !Object.keys(stale).length) return { action: 'none' };
  return { action: 'fill', data: stale, token, accountUid };
}
