import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '@stevedore/api';
import type { User } from '../user';
import { requestAttributes } from './attributes';
import { DEFAULT_CLUSTER_ROLE_BINDINGS, DEFAULT_CLUSTER_ROLES } from './default-roles';
import { uncoveredRules } from './escalation';
import { forbiddenMessage } from './forbidden-message';
import { RbacAuthorizer, type RbacObjects } from './rbac-authorizer';

const alice: User = { name: 'alice', groups: ['system:authenticated'] };
const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });

/** The aggregated roles as the aggregation controller leaves them (view into edit into admin). */
function filledIn(roles: ClusterRole[]): ClusterRole[] {
  const labelled = (key: string) => roles.filter((r) => r.metadata.labels?.[key] === 'true');
  for (const name of ['view', 'edit', 'admin']) {
    const role = roles.find((r) => r.metadata.name === name)!;
    role.rules = labelled(`rbac.authorization.k8s.io/aggregate-to-${name}`).flatMap((r) => r.rules ?? []);
  }
  return roles;
}

function authorizer(
  roles: Role[] = [],
  bindings: RoleBinding[] = [],
  clusterRoles: ClusterRole[] = [],
  clusterBindings: ClusterRoleBinding[] = [],
) {
  const allRoles = filledIn(structuredClone([...DEFAULT_CLUSTER_ROLES, ...clusterRoles]));
  const objects: RbacObjects = {
    role: (ns, name) => roles.find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    clusterRole: (name) => allRoles.find((r) => r.metadata.name === name),
    roleBindings: (ns) => bindings.filter((b) => b.metadata.namespace === ns),
    clusterRoleBindings: () => [...DEFAULT_CLUSTER_ROLE_BINDINGS, ...clusterBindings],
  };
  return new RbacAuthorizer(objects);
}

const can = (rbac: RbacAuthorizer, user: User, method: string, url: string) =>
  rbac.authorize(user, requestAttributes(method, new URL(url, 'https://api'))).allowed;

describe('RBAC', () => {
  it('lets any authenticated user discover the API and review itself, and nothing else', () => {
    const rbac = authorizer();
    expect(can(rbac, alice, 'GET', '/api')).toBe(true);
    expect(can(rbac, alice, 'GET', '/apis/apps/v1')).toBe(true);
    expect(can(rbac, alice, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).toBe(true);
    expect(can(rbac, alice, 'GET', '/api/v1/namespaces/default/pods')).toBe(false);
    expect(can(rbac, alice, 'GET', '/metrics')).toBe(false);
  });

  it('allows system:masters everything', () => {
    expect(can(authorizer(), { name: 'admin', groups: ['system:masters'] }, 'DELETE', '/api/v1/nodes/n1')).toBe(true);
  });

  it('grants view through a RoleBinding only in its namespace, via aggregation', () => {
    const binding: RoleBinding = {
      metadata: { name: 'v', namespace: 'default' },
      roleRef: ref('ClusterRole', 'view'),
      subjects: [{ kind: 'User', name: 'alice' }],
    };
    const rbac = authorizer([], [binding]);
    expect(can(rbac, alice, 'GET', '/api/v1/namespaces/default/pods')).toBe(true);
    expect(can(rbac, alice, 'GET', '/api/v1/namespaces/default/pods?watch=true')).toBe(true);
    expect(can(rbac, alice, 'GET', '/api/v1/namespaces/default/pods/web/log')).toBe(true);
    expect(can(rbac, alice, 'GET', '/api/v1/namespaces/other/pods')).toBe(false);
    expect(can(rbac, alice, 'GET', '/api/v1/namespaces/default/secrets')).toBe(false);
    expect(can(rbac, alice, 'POST', '/api/v1/namespaces/default/pods')).toBe(false);
    expect(can(rbac, alice, 'POST', '/api/v1/namespaces/default/pods/web/exec')).toBe(false);
  });

  it('matches groups, ServiceAccounts, resource names, subresources and wildcards', () => {
    const role: Role = {
      metadata: { name: 'r', namespace: 'ns' },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get', 'patch'] },
        { apiGroups: ['*'], resources: ['*/scale'], verbs: ['*'] },
      ],
    };
    const bindings: RoleBinding[] = [
      {
        metadata: { name: 'b', namespace: 'ns' },
        roleRef: ref('Role', 'r'),
        subjects: [
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'ci' },
        ],
      },
    ];
    const rbac = authorizer([role], bindings);
    const dev: User = { name: 'bob', groups: ['devs'] };
    const ci: User = { name: 'system:serviceaccount:ns:ci', groups: [] };
    expect(can(rbac, dev, 'GET', '/apis/apps/v1/namespaces/ns/deployments/web')).toBe(true);
    expect(can(rbac, dev, 'GET', '/apis/apps/v1/namespaces/ns/deployments/api')).toBe(false);
    expect(can(rbac, dev, 'GET', '/apis/apps/v1/namespaces/ns/deployments')).toBe(false);
    expect(can(rbac, ci, 'PUT', '/apis/apps/v1/namespaces/ns/statefulsets/db/scale')).toBe(true);
    expect(can(rbac, ci, 'PUT', '/apis/apps/v1/namespaces/ns/statefulsets/db')).toBe(false);
    expect(
      can(rbac, { name: 'system:serviceaccount:other:ci', groups: [] }, 'PUT', '/apis/apps/v1/namespaces/ns/statefulsets/db/scale'),
    ).toBe(false);
  });

  it('words refusals as kube-apiserver does', () => {
    const at = (m: string, u: string) => forbiddenMessage(alice, requestAttributes(m, new URL(u, 'https://api')));
    expect(at('GET', '/api/v1/namespaces/default/pods')).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(at('GET', '/api/v1/namespaces/default/pods/web/log')).toBe(
      'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
    expect(at('DELETE', '/apis/apps/v1/namespaces/x/deployments/web')).toBe(
      'deployments.apps "web" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "x"',
    );
    expect(at('GET', '/api/v1/nodes')).toBe(
      'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    expect(at('GET', '/metrics')).toBe('forbidden: User "alice" cannot get path "/metrics"');
  });

  it('finds the permissions a role would grant beyond the writer’s own', () => {
    const owned = [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }];
    expect(uncoveredRules(owned, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])).toEqual([]);
    expect(uncoveredRules(owned, [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }])).toHaveLength(1);
    expect(uncoveredRules(owned, [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }])).toHaveLength(1);
    expect(
      uncoveredRules(
        [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }],
      ),
    ).toEqual([]);
  });
});
