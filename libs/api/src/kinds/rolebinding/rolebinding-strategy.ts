import type { RoleBinding } from '../../generated/kubernetes-types';
import { defineResource } from '../../strategy';
import { pathSegmentNameProblem } from '../role/rbac-name';
import { bindingPrinter } from '../role/rbac-printers';
import { roleRefProblems } from './role-ref';

export const roleBindings = defineResource<RoleBinding>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  nameProblem: pathSegmentNameProblem,
  namespaced: true,
  definition: 'io.k8s.api.rbac.v1.RoleBinding',
  printer: bindingPrinter<RoleBinding>(),
  validate: (b, old) => roleRefProblems(b, old, ['Role', 'ClusterRole']),
});
