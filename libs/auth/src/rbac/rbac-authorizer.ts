// The RBAC authorizer: the rules a user holds come from the ClusterRoleBindings and, in the
// request's namespace, the RoleBindings naming the user, one of its groups or its ServiceAccount.
// Members of system:masters are allowed everything without consulting any role.
import type { ClusterRole, PolicyRule, Role, RoleBinding, RbacV1Subject as Subject } from '@stevedore/api';
import { SYSTEM_MASTERS, type User } from '../user';
import type { Attributes } from './attributes';
import { ruleAllows } from './rule-matches';

/** Read access to the RBAC objects, typically informer caches. */
export interface RbacObjects {
  role(namespace: string, name: string): Role | undefined;
  clusterRole(name: string): ClusterRole | undefined;
  roleBindings(namespace: string): RoleBinding[];
  clusterRoleBindings(): RoleBinding[];
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export function subjectMatches(s: Subject, user: User, bindingNamespace: string | undefined): boolean {
  if (s.kind === 'User') return s.name === user.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return user.name === `system:serviceaccount:${s.namespace || bindingNamespace}:${s.name}`;
  return false;
}

export class RbacAuthorizer {
  constructor(private readonly objects: RbacObjects) {}

  authorize(user: User, a: Attributes): Decision {
    if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
    for (const { binding, rules } of this.grants(user, a.namespace)) {
      if (rules.some((r) => ruleAllows(r, a))) {
        const kind = binding.metadata.namespace
          ? `RoleBinding "${binding.metadata.name}" of ${binding.roleRef.kind}`
          : 'ClusterRoleBinding';
        return { allowed: true, reason: `RBAC: allowed by ${kind} "${binding.roleRef.name}" to ${describeUser(user)}` };
      }
    }
    return { allowed: false, reason: '' };
  }

  /** Every rule the user holds in `namespace` (cluster-wide ones included), for rules reviews and escalation checks. */
  rulesFor(user: User, namespace: string | undefined): PolicyRule[] {
    if (user.groups.includes(SYSTEM_MASTERS))
      return [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ];
    return [...this.grants(user, namespace)].flatMap((g) => g.rules);
  }

  /**
   * The rules of a role as stored. An aggregated ClusterRole's rules are filled in by the
   * aggregation controller, so a request never pays for matching selectors against every role.
   */
  roleRules(ref: { kind: string; name: string }, namespace: string | undefined): PolicyRule[] {
    if (ref.kind === 'Role') return (namespace && this.objects.role(namespace, ref.name)?.rules) || [];
    return this.objects.clusterRole(ref.name)?.rules ?? [];
  }

  private *grants(user: User, namespace: string | undefined): Generator<{ binding: RoleBinding; rules: PolicyRule[] }> {
    for (const binding of this.objects.clusterRoleBindings())
      if ((binding.subjects ?? []).some((s) => subjectMatches(s, user, undefined)))
        yield { binding, rules: this.roleRules(binding.roleRef, undefined) };
    if (!namespace) return;
    for (const binding of this.objects.roleBindings(namespace))
      if ((binding.subjects ?? []).some((s) => subjectMatches(s, user, namespace)))
        yield { binding, rules: this.roleRules(binding.roleRef, namespace) };
  }
}

function describeUser(user: User): string {
  return `User "${user.name}"`;
}
