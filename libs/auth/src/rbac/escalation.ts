// Escalation prevention, as Kubernetes' RBAC: a user may write a role, or bind one, only when it
// already holds every permission the role grants (or is allowed to `escalate`/`bind`).
import type { PolicyRule } from '@stevedore/api';
import type { Attributes } from './attributes';
import { ruleAllows } from './rule-matches';

function atoms(rule: PolicyRule): Attributes[] {
  const out: Attributes[] = [];
  for (const verb of rule.verbs) {
    for (const url of rule.nonResourceURLs ?? []) out.push({ verb, apiGroup: '', path: url });
    for (const apiGroup of rule.apiGroups ?? [])
      for (const combined of rule.resources ?? []) {
        const [resource, subresource] = combined.split('/', 2) as [string, string | undefined];
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names) out.push({ verb, apiGroup, resource, subresource, name, path: '' });
      }
  }
  return out;
}

/** The requested rules' permissions that `owned` does not cover (empty: no escalation). */
export function uncoveredRules(owned: PolicyRule[], requested: PolicyRule[]): PolicyRule[] {
  return requested.filter((rule) => atoms(rule).some((a) => !owned.some((o) => ruleAllows(o, a))));
}
