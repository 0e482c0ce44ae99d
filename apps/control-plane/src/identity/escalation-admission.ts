// RBAC's escalation prevention on writes from users: a role may grant only what its writer holds
// (unless the writer may `escalate`), and a binding may name only a role whose permissions the
// writer holds (unless it may `bind` that role). The control plane's own writes carry no user.
import { type ClusterRoleBinding, type PolicyRule, type ResourceStrategy, type Role, statusError } from '@stevedore/api';
import type { Admission, ApiObject, WriteOptions } from '@stevedore/apiserver';
import { type RbacAuthorizer, type User, uncoveredRules } from '@stevedore/auth';

function describeRule(r: PolicyRule): string {
  const q = (xs: string[] | undefined) => `[${(xs ?? []).map((x) => `"${x}"`).join(' ')}]`;
  if (r.nonResourceURLs?.length) return `{NonResourceURLs:${q(r.nonResourceURLs)}, Verbs:${q(r.verbs)}}`;
  const names = r.resourceNames?.length ? `, ResourceNames:${q(r.resourceNames)}` : '';
  return `{APIGroups:${q(r.apiGroups)}, Resources:${q(r.resources)}${names}, Verbs:${q(r.verbs)}}`;
}

function refuse(resource: ResourceStrategy, name: string, user: User, missing: PolicyRule[]): Error {
  const groups = user.groups.map((g) => `"${g}"`).join(' ');
  return statusError(
    403,
    'Forbidden',
    `${resource.plural}.${resource.group} "${name}" is forbidden: user "${user.name}" (groups=[${groups}]) is attempting to grant RBAC permissions not currently held:\n${missing.map(describeRule).join('\n')}`,
  );
}

function guard(check: (object: ApiObject, user: User) => void): Admission {
  const run = async (object: ApiObject, options?: WriteOptions) => {
    if (options?.user) check(object, options.user);
  };
  return { create: run, update: (_current, next, options) => run(next, options) };
}

/** Admission for Role and ClusterRole: the rules written must be held, or `escalate` allowed. */
export function roleEscalation(rbac: RbacAuthorizer, resource: ResourceStrategy): Admission {
  return guard((object, user) => {
    const { name, namespace } = object.metadata;
    const verb = { verb: 'escalate', apiGroup: resource.group, resource: resource.plural, name, namespace, path: '' };
    if (rbac.authorize(user, verb).allowed) return;
    const missing = uncoveredRules(rbac.rulesFor(user, namespace), (object as Role).rules ?? []);
    if (missing.length) throw refuse(resource, name, user, missing);
  });
}

/** Admission for RoleBinding and ClusterRoleBinding: the role bound must be held, or `bind` allowed on it. */
export function bindingEscalation(rbac: RbacAuthorizer, resource: ResourceStrategy): Admission {
  return guard((object, user) => {
    const { name, namespace } = object.metadata;
    const ref = (object as ClusterRoleBinding).roleRef;
    const rolePlural = ref.kind === 'Role' ? 'roles' : 'clusterroles';
    const bind = { verb: 'bind', apiGroup: 'rbac.authorization.k8s.io', resource: rolePlural, name: ref.name, namespace, path: '' };
    if (rbac.authorize(user, bind).allowed) return;
    const missing = uncoveredRules(rbac.rulesFor(user, namespace), rbac.roleRules(ref, namespace));
    if (missing.length) throw refuse(resource, name, user, missing);
  });
}
