// Which CustomResourceDefinitions are served, and the conditions each should show: the naming
// controller's NamesAccepted (a plural or kind already taken in the group by an older definition
// refuses the newcomer) and the establishing controller's Established.
import type { CustomResourceDefinition, CustomResourceDefinitionCondition } from '@stevedore/api';

export interface DefinitionPlan {
  /** Served: its names are accepted and it is not being deleted. */
  serve: boolean;
  conditions: CustomResourceDefinitionCondition[];
}

function condition(type: string, ok: boolean, reason: string, message: string, now: string): CustomResourceDefinitionCondition {
  return { type, status: ok ? 'True' : 'False', reason, message, lastTransitionTime: now };
}

/** Oldest first, so the first to claim a name keeps it (names break ties). */
function byAge(a: CustomResourceDefinition, b: CustomResourceDefinition): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  return ta === tb ? (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '') : ta.localeCompare(tb);
}

function conflict(crd: CustomResourceDefinition, accepted: CustomResourceDefinition[]): { reason: string; message: string } | undefined {
  const { group, names } = crd.spec;
  for (const other of accepted) {
    if (other.spec.group !== group) continue;
    if (other.spec.names.plural === names.plural) return { reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
    if (other.spec.names.kind === names.kind) return { reason: 'KindConflict', message: `"${names.kind}" is already in use` };
  }
  return undefined;
}

/** Keeps a condition's transition time when its status did not change. */
function keepTransitions(
  next: CustomResourceDefinitionCondition[],
  old: CustomResourceDefinitionCondition[] = [],
): CustomResourceDefinitionCondition[] {
  return next.map((c) => {
    const before = old.find((o) => o.type === c.type);
    return before && before.status === c.status ? { ...c, lastTransitionTime: before.lastTransitionTime } : c;
  });
}

/** The plan of every definition by name; `now` is an RFC 3339 time. */
export function planDefinitions(crds: readonly CustomResourceDefinition[], now: string): Map<string, DefinitionPlan> {
  const plans = new Map<string, DefinitionPlan>();
  const accepted: CustomResourceDefinition[] = [];
  for (const crd of [...crds].sort(byAge)) {
    const clash = conflict(crd, accepted);
    if (!clash) accepted.push(crd);
    const named = clash
      ? condition('NamesAccepted', false, clash.reason, clash.message, now)
      : condition('NamesAccepted', true, 'NoConflicts', 'no conflicts found', now);
    const established = clash
      ? condition('Established', false, 'NotAccepted', 'not all names are accepted', now)
      : condition('Established', true, 'InitialNamesAccepted', 'the initial names have been accepted', now);
    const conditions = keepTransitions([named, established], crd.status?.conditions);
    // A definition being deleted is still served, as upstream: its objects' finalizers must be
    // removable (Argo CD's Applications carry one); its strategies refuse new objects instead.
    plans.set(crd.metadata.name ?? '', { serve: !clash, conditions });
  }
  return plans;
}
