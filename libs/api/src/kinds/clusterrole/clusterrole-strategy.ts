import type { ClusterRole } from '../../generated/kubernetes-types';
import { defineResource } from '../../strategy';
import { pathSegmentNameProblem } from '../role/rbac-name';
import { rolePrinter } from '../role/rbac-printers';

export const clusterRoles = defineResource<ClusterRole>({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  nameProblem: pathSegmentNameProblem,
  namespaced: false,
  definition: 'io.k8s.api.rbac.v1.ClusterRole',
  printer: rolePrinter<ClusterRole>(),
});
