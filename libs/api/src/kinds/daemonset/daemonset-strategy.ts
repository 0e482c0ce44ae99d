// DaemonSets: one pod per eligible node, kept by the daemonset controller.
import type { DaemonSet } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, none, type Printer, templateCells, templateColumns } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { defaultPodSpec } from '../pod/pod-spec-defaults';
import { podSpecRules, selectorMatchesTemplate } from '../pod/pod-spec-validation';

const printer: Printer<DaemonSet> = {
  columns: [
    nameColumn,
    column('Desired', 'integer'),
    column('Current', 'integer'),
    column('Ready', 'integer'),
    column('Up-to-date', 'integer'),
    column('Available', 'integer'),
    column('Node Selector'),
    ageColumn,
    ...templateColumns,
  ],
  cells: (d, now) => {
    const s = d.status;
    const nodeSelector = Object.entries(d.spec?.template?.spec?.nodeSelector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return [
      d.metadata.name,
      s?.desiredNumberScheduled ?? 0,
      s?.currentNumberScheduled ?? 0,
      s?.numberReady ?? 0,
      s?.updatedNumberScheduled ?? 0,
      s?.numberAvailable ?? 0,
      none(nodeSelector),
      age(d.metadata.creationTimestamp, now),
      ...templateCells(d.spec?.template, d.spec?.selector),
    ];
  },
};

export const daemonSets = defineResource<DaemonSet>({
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  namespaced: true,
  definition: 'io.k8s.api.apps.v1.DaemonSet',
  shortNames: ['ds'],
  categories: ['all'],
  subresources: [subresource('status')],
  printer,
  // kubectl rollout status needs the RollingUpdate strategy filled in.
  defaults: ({ spec: s }) => {
    s.revisionHistoryLimit ??= 10;
    s.updateStrategy ??= { type: 'RollingUpdate' };
    if (s.updateStrategy.type === 'RollingUpdate') {
      s.updateStrategy.rollingUpdate ??= {};
      s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
      s.updateStrategy.rollingUpdate.maxSurge ??= 0;
    }
    if (s.template?.spec) defaultPodSpec(s.template.spec);
  },
  validate: (ds) => {
    const causes: Cause[] = [];
    selectorMatchesTemplate(ds.spec, causes);
    podSpecRules(ds.spec.template?.spec, 'spec.template.spec', causes);
    return causes;
  },
});
