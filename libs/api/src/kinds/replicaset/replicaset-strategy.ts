// ReplicaSets: kept at their replica count by the replicaset controller; scalable.
import type { ReplicaSet } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer, templateCells, templateColumns } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { defaultPodSpec } from '../pod/pod-spec-defaults';
import { podSpecRules, selectorMatchesTemplate } from '../pod/pod-spec-validation';

const printer: Printer<ReplicaSet> = {
  columns: [
    nameColumn,
    column('Desired', 'integer'),
    column('Current', 'integer'),
    column('Ready', 'integer'),
    ageColumn,
    ...templateColumns,
  ],
  cells: (r, now) => [
    r.metadata.name,
    r.spec?.replicas ?? 0,
    r.status?.replicas ?? 0,
    r.status?.readyReplicas ?? 0,
    age(r.metadata.creationTimestamp, now),
    ...templateCells(r.spec?.template, r.spec?.selector),
  ],
};

export const replicaSets = defineResource<ReplicaSet>({
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  namespaced: true,
  definition: 'io.k8s.api.apps.v1.ReplicaSet',
  shortNames: ['rs'],
  categories: ['all'],
  subresources: [subresource('status'), subresource('scale')],
  fieldSelectors: ['status.replicas'],
  printer,
  defaults: ({ spec }) => {
    spec.replicas ??= 1;
    if (spec.template?.spec) defaultPodSpec(spec.template.spec);
  },
  validate: (rs) => {
    const causes: Cause[] = [];
    selectorMatchesTemplate(rs.spec, causes);
    podSpecRules(rs.spec.template?.spec, 'spec.template.spec', causes);
    return causes;
  },
});
