// Kubernetes' rules for a binding's roleRef: it names a role of an allowed kind in the RBAC
// group, and it never changes (a binding is deleted and recreated to point elsewhere).
import type { ClusterRoleBinding, RoleBinding } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

export function roleRefProblems(
  b: RoleBinding | ClusterRoleBinding,
  old: RoleBinding | ClusterRoleBinding | undefined,
  kinds: string[],
): Cause[] {
  const causes: Cause[] = [];
  const ref = b.roleRef;
  if (ref.apiGroup !== 'rbac.authorization.k8s.io')
    causes.push({
      field: 'roleRef.apiGroup',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: "${ref.apiGroup}": supported values: "rbac.authorization.k8s.io"`,
    });
  if (!kinds.includes(ref.kind))
    causes.push({
      field: 'roleRef.kind',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: "${ref.kind}": supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`,
    });
  if (!ref.name) causes.push({ field: 'roleRef.name', reason: 'FieldValueRequired', message: 'Required value' });
  if (old && JSON.stringify(old.roleRef) !== JSON.stringify(ref))
    causes.push({ field: 'roleRef', reason: 'FieldValueInvalid', message: 'Invalid value: cannot change roleRef' });
  (b.subjects ?? []).forEach((s, i) => {
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind))
      causes.push({
        field: `subjects[${i}].kind`,
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: "${s.kind}": supported values: "ServiceAccount", "User", "Group"`,
      });
    if (s.kind === 'ServiceAccount' && !s.namespace && !b.metadata.namespace)
      causes.push({ field: `subjects[${i}].namespace`, reason: 'FieldValueRequired', message: 'Required value' });
  });
  return causes;
}
