// Which rule of a policy applies to a request: the first one whose every non-empty list matches,
// as kube-apiserver's policy checker. No matching rule means level None (nothing recorded).
import type { GroupResources, Policy, PolicyRule, RequestPolicy, Stage } from './policy';

/** A request as the policy sees it (authorization's attributes and the authenticated user). */
export interface PolicyAttributes {
  user?: { name: string; groups: string[] };
  verb: string;
  /** Set for resource requests; unset for paths such as /version or /healthz. */
  resource?: string;
  subresource?: string;
  apiGroup: string;
  namespace?: string;
  name?: string;
  path: string;
}

const NOTHING: RequestPolicy = { level: 'None', omitStages: [], omitManagedFields: false };

export function policyFor(policy: Policy, a: PolicyAttributes): RequestPolicy {
  const rule = policy.rules.find((r) => ruleMatches(r, a));
  if (!rule) return NOTHING;
  return {
    level: rule.level,
    omitStages: [...new Set<Stage>([...policy.omitStages, ...rule.omitStages])],
    omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields,
  };
}

export function ruleMatches(r: PolicyRule, a: PolicyAttributes): boolean {
  if (r.users.length && !(a.user && r.users.includes(a.user.name))) return false;
  if (r.userGroups.length && !a.user?.groups.some((g) => r.userGroups.includes(g))) return false;
  if (r.verbs.length && !r.verbs.includes(a.verb)) return false;
  if (a.resource !== undefined) {
    if (r.nonResourceURLs.length) return false;
    if (r.namespaces.length && !r.namespaces.includes(a.namespace ?? '')) return false;
    return !r.resources.length || r.resources.some((g) => groupMatches(g, a));
  }
  // A rule about resources or namespaces says nothing about /healthz or /version.
  if (r.resources.length || r.namespaces.length) return false;
  return !r.nonResourceURLs.length || r.nonResourceURLs.some((url) => urlMatches(url, a.path));
}

function groupMatches(g: GroupResources, a: PolicyAttributes): boolean {
  if (g.group !== a.apiGroup) return false;
  if (!g.resources.length) return true;
  if (g.resourceNames.length && !(a.name !== undefined && g.resourceNames.includes(a.name))) return false;
  const resource = a.resource ?? '';
  const sub = a.subresource ?? '';
  const combined = sub ? `${resource}/${sub}` : resource;
  return g.resources.some(
    (res) =>
      res === '*' ||
      res === combined ||
      (sub !== '' && res.startsWith('*/') && res.slice(2) === sub) ||
      (res.endsWith('/*') && res.slice(0, -2) === resource),
  );
}

function urlMatches(rule: string, path: string): boolean {
  if (rule === '*') return true;
  return rule.endsWith('*') ? path.startsWith(rule.slice(0, -1)) : rule === path;
}
