import type { Role } from '../../generated/kubernetes-types';
import { defineResource } from '../../strategy';
import { pathSegmentNameProblem } from './rbac-name';
import { rolePrinter } from './rbac-printers';

export const roles = defineResource<Role>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  nameProblem: pathSegmentNameProblem,
  namespaced: true,
  definition: 'io.k8s.api.rbac.v1.Role',
  printer: rolePrinter<Role>(),
});
