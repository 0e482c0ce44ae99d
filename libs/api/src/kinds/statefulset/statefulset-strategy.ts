// StatefulSets: pods with stable names, hostnames and claims, kept by the statefulset controller.
import type { StatefulSet } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer, templateCells } from '../../printing';
import { defineResource, subresource } from '../../strategy';
import { defaultPodSpec } from '../pod/pod-spec-defaults';
import { statefulSetRules, statefulSetUpdateRules } from './statefulset-validation';

// kubectl's wide output for StatefulSets has no SELECTOR column.
const printer: Printer<StatefulSet> = {
  columns: [nameColumn, column('Ready'), ageColumn, column('Containers', 'string', 1), column('Images', 'string', 1)],
  cells: (s, now) => [
    s.metadata.name,
    `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`,
    age(s.metadata.creationTimestamp, now),
    ...templateCells(s.spec?.template, s.spec?.selector).slice(0, 2),
  ],
};

export const statefulSets = defineResource<StatefulSet>({
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  namespaced: true,
  definition: 'io.k8s.api.apps.v1.StatefulSet',
  shortNames: ['sts'],
  categories: ['all'],
  subresources: [subresource('status'), subresource('scale')],
  printer,
  defaults: ({ spec: s }) => {
    s.replicas ??= 1;
    s.podManagementPolicy ??= 'OrderedReady';
    s.revisionHistoryLimit ??= 10;
    s.updateStrategy ??= { type: 'RollingUpdate' };
    s.updateStrategy.type ??= 'RollingUpdate';
    if (s.updateStrategy.type === 'RollingUpdate') {
      s.updateStrategy.rollingUpdate ??= {};
      s.updateStrategy.rollingUpdate.partition ??= 0;
    }
    s.persistentVolumeClaimRetentionPolicy ??= {};
    s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
    s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
    if (s.template?.spec) defaultPodSpec(s.template.spec);
    // As Kubernetes defaults every claim template like a claim (and shows it Pending).
    for (const claim of s.volumeClaimTemplates ?? []) {
      claim.apiVersion ??= 'v1';
      claim.kind ??= 'PersistentVolumeClaim';
      claim.spec ??= {};
      claim.spec.volumeMode ??= 'Filesystem';
      claim.status ??= { phase: 'Pending' };
    }
  },
  validate: (sts, old) => [...statefulSetRules(sts), ...(old ? statefulSetUpdateRules(sts, old) : [])],
});
