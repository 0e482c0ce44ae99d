// The RBAC kinds print as kubectl's own printers do: roles with CREATED AT (a timestamp, not an
// age), bindings with their role and, under -o wide, their subjects by kind.
import type { ClusterRoleBinding, ObjectMeta, RoleBinding } from '../../generated/kubernetes-types';
import { ageColumn, column, nameColumn, type Printer } from '../../printing';
import { age } from '../../printing/duration';

export function rolePrinter<T extends { metadata: ObjectMeta }>(): Printer<T> {
  return {
    columns: [nameColumn, column('Created At', 'date')],
    cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
  };
}

type Binding = RoleBinding | ClusterRoleBinding;

function subjects(b: Binding, kind: string): string {
  return (b.subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

export function bindingPrinter<T extends Binding>(): Printer<T> {
  return {
    columns: [
      nameColumn,
      column('Role'),
      ageColumn,
      column('Users', 'string', 1),
      column('Groups', 'string', 1),
      column('ServiceAccounts', 'string', 1),
    ],
    cells: (b, now) => [
      b.metadata.name,
      `${b.roleRef.kind}/${b.roleRef.name}`,
      age(b.metadata.creationTimestamp, now),
      subjects(b, 'User'),
      subjects(b, 'Group'),
      subjects(b, 'ServiceAccount'),
    ],
  };
}
