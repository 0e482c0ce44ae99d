import type { ClusterRoleBinding } from '../../generated/kubernetes-types';
import { defineResource } from '../../strategy';
import { pathSegmentNameProblem } from '../role/rbac-name';
import { bindingPrinter } from '../role/rbac-printers';
import { roleRefProblems } from '../rolebinding/role-ref';

export const clusterRoleBindings = defineResource<ClusterRoleBinding>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  nameProblem: pathSegmentNameProblem,
  namespaced: false,
  definition: 'io.k8s.api.rbac.v1.ClusterRoleBinding',
  printer: bindingPrinter<ClusterRoleBinding>(),
  validate: (b, old) => roleRefProblems(b, old, ['ClusterRole']),
});
