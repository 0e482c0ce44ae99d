// ClusterRole aggregation, as Kubernetes' clusterrole-aggregation controller computes it: an
// aggregated role's rules are the rules of every other ClusterRole its selectors match, in the
// order of those roles' names, each semantically equal rule once. Pure: what `rules` should be.
import { type ClusterRole, labelSelectorMatches, type PolicyRule } from '@stevedore/api';

/** The ClusterRoles that have an aggregation rule with at least one selector. */
export function isAggregated(role: ClusterRole): boolean {
  return (role.aggregationRule?.clusterRoleSelectors ?? []).length > 0;
}

/** A rule's identity regardless of the order of its lists, so reordered duplicates collapse. */
function ruleKey(rule: PolicyRule): string {
  const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();
  return JSON.stringify([
    sorted(rule.apiGroups),
    sorted(rule.resources),
    sorted(rule.resourceNames),
    sorted(rule.nonResourceURLs),
    sorted(rule.verbs),
  ]);
}

/** The rules the aggregated `role` should hold, given every ClusterRole in the cluster. */
export function aggregatedRules(role: ClusterRole, all: ClusterRole[]): PolicyRule[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  const selected = all
    .filter((r) => r.metadata.name !== role.metadata.name && !r.metadata.deletionTimestamp)
    .filter((r) => selectors.some((s) => labelSelectorMatches(s, r.metadata.labels ?? {})))
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  const seen = new Set<string>();
  const rules: PolicyRule[] = [];
  for (const rule of selected.flatMap((r) => r.rules ?? [])) {
    const key = ruleKey(rule);
    if (seen.has(key)) continue;
    seen.add(key);
    rules.push(rule);
  }
  return rules;
}

/** The rules to write to `role`, or undefined when it is not aggregated or already holds them. */
export function planAggregation(role: ClusterRole, all: ClusterRole[]): PolicyRule[] | undefined {
  if (!isAggregated(role) || role.metadata.deletionTimestamp) return undefined;
  const rules = aggregatedRules(role, all);
  return JSON.stringify(rules) === JSON.stringify(role.rules ?? []) ? undefined : rules;
}
