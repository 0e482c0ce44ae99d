// The 409 server-side apply answers when an apply would change fields other managers own.
import { type StatusError, statusError } from '../meta/status';
import { printPath } from './field-path';

export interface Conflict {
  /** How Kubernetes names the other manager: `"kubectl-edit" using apps/v1`, or `"ci"` for an applier. */
  manager: string;
  path: string;
}

export interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  subresource?: string;
}

/** A manager as conflict messages name it (without time, as the manager's identity has none). */
export function describeManager(owner: ManagerIdentity): string {
  let text = JSON.stringify(owner.manager);
  if (owner.subresource) text += ` with subresource ${JSON.stringify(owner.subresource)}`;
  return owner.operation === 'Update' ? `${text} using ${owner.apiVersion}` : text;
}

export function conflictError(conflicts: Conflict[]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict' as const,
    message: `conflict with ${c.manager}`,
    field: printPath(c.path),
  }));
  return statusError(409, 'Conflict', conflictMessage(conflicts), { causes });
}

function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    const [only] = conflicts;
    return `Apply failed with 1 conflict: conflict with ${only!.manager}: ${printPath(only!.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), printPath(c.path)]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${manager}:`);
    for (const path of byManager.get(manager)!) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
