// Kubernetes' checks on a Secret's type: a ServiceAccount token Secret must name its account
// (the token controller fills it for that account), and a Secret's type never changes.
import type { Secret } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';
const ACCOUNT_ANNOTATION = 'kubernetes.io/service-account.name';

export function secretRules(s: Secret, old: Secret | undefined): Cause[] {
  const causes: Cause[] = [];
  if (s.type === TOKEN_TYPE && !s.metadata?.annotations?.[ACCOUNT_ANNOTATION])
    causes.push({ field: `metadata.annotations[${ACCOUNT_ANNOTATION}]`, reason: 'FieldValueRequired', message: 'Required value' });
  if (old && (old.type ?? 'Opaque') !== (s.type ?? 'Opaque'))
    causes.push({ field: 'type', reason: 'FieldValueInvalid', message: `Invalid value: "${s.type}": field is immutable` });
  return causes;
}
