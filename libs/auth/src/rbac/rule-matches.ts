// Kubernetes' RBAC rule semantics: a rule allows a request when its verbs, API groups, resources
// (with "pods/log" and "*/scale" forms) and resource names all match, or, for a plain path, when
// a nonResourceURL matches exactly or as a prefix ending in "*".
import type { PolicyRule } from '@stevedore/api';
import type { Attributes } from './attributes';

const ALL = '*';

const verbMatches = (rule: PolicyRule, verb: string) => rule.verbs.includes(ALL) || rule.verbs.includes(verb);

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === ALL || r === combined || (!!subresource && r === `*/${subresource}`));
}

function pathMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === ALL || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resource) return pathMatches(rule, a.path);
  const groups = rule.apiGroups ?? [];
  if (!groups.includes(ALL) && !groups.includes(a.apiGroup)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}
