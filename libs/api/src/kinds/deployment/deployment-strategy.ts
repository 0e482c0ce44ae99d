// Deployments: rolled out by the deployment controller through ReplicaSets; scalable.
import type { Deployment } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer, templateCells, templateColumns } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { defaultPodSpec } from '../pod/pod-spec-defaults';
import { podSpecRules, selectorMatchesTemplate } from '../pod/pod-spec-validation';

const printer: Printer<Deployment> = {
  columns: [nameColumn, column('Ready'), column('Up-to-date', 'integer'), column('Available', 'integer'), ageColumn, ...templateColumns],
  cells: (d, now) => [
    d.metadata.name,
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    age(d.metadata.creationTimestamp, now),
    ...templateCells(d.spec?.template, d.spec?.selector),
  ],
};

export const deployments = defineResource<Deployment>({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
  definition: 'io.k8s.api.apps.v1.Deployment',
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: [subresource('status'), subresource('scale')],
  printer,
  defaults: ({ spec: s }) => {
    s.replicas ??= 1;
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    s.strategy ??= { type: 'RollingUpdate' };
    if (s.strategy.type === 'RollingUpdate') s.strategy.rollingUpdate ??= {};
    if (s.strategy.rollingUpdate) {
      s.strategy.rollingUpdate.maxSurge ??= '25%';
      s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
    if (s.template?.spec) defaultPodSpec(s.template.spec);
  },
  validate: (d) => {
    const causes: Cause[] = [];
    selectorMatchesTemplate(d.spec, causes);
    podSpecRules(d.spec.template?.spec, 'spec.template.spec', causes);
    const policy = d.spec.template?.spec?.restartPolicy;
    if (policy && policy !== 'Always') {
      causes.push({
        reason: 'FieldValueNotSupported',
        field: 'spec.template.spec.restartPolicy',
        message: `Unsupported value: "${policy}": supported values: "Always"`,
      });
    }
    return causes;
  },
});
