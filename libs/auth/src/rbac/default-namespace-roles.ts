// The namespaced roles every cluster starts with, after Kubernetes' bootstrap policy: in
// kube-system, the reader of `extension-apiserver-authentication` that an aggregated API server's
// ServiceAccount is bound to (metrics-server's manifest binds it), so it can learn which CAs and
// headers to trust.
import type { Role, RoleBinding } from '@stevedore/api';

const BOOTSTRAP = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const SYSTEM = 'kube-system';
const READER = 'extension-apiserver-authentication-reader';

export const DEFAULT_ROLES: Role[] = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: READER, namespace: SYSTEM, labels: BOOTSTRAP, annotations: AUTOUPDATE },
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['extension-apiserver-authentication'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  },
];

export const DEFAULT_ROLE_BINDINGS: RoleBinding[] = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `system::${READER}`, namespace: SYSTEM, labels: BOOTSTRAP, annotations: AUTOUPDATE },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: READER },
    subjects: ['system:kube-controller-manager', 'system:kube-scheduler'].map((name) => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'User',
      name,
    })),
  },
];
