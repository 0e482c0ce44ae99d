// CronJobs: Jobs made on a cron schedule by the cronjob controller.
import type { CronJob } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, none, type Printer, templateCells, templateColumns } from '../../printing';
import { defineResource, subresource } from '../../strategy';
import { defaultPodSpec } from '../pod/pod-spec-defaults';
import { cronJobRules } from './cronjob-validation';

const printer: Printer<CronJob> = {
  columns: [
    nameColumn,
    column('Schedule'),
    column('Timezone'),
    column('Suspend', 'boolean'),
    column('Active', 'integer'),
    column('Last Schedule'),
    ageColumn,
    ...templateColumns,
  ],
  cells: (cj, now) => {
    const s = cj.status;
    const template = cj.spec?.jobTemplate?.spec;
    return [
      cj.metadata.name,
      cj.spec?.schedule,
      none(cj.spec?.timeZone),
      // kubectl shows Kubernetes' own spelling of the boolean.
      cj.spec?.suspend ? 'True' : 'False',
      s?.active?.length ?? 0,
      s?.lastScheduleTime ? age(s.lastScheduleTime, now) : '<none>',
      age(cj.metadata.creationTimestamp, now),
      ...templateCells(template?.template, template?.selector),
    ];
  },
};

export const cronJobs = defineResource<CronJob>({
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  namespaced: true,
  definition: 'io.k8s.api.batch.v1.CronJob',
  shortNames: ['cj'],
  categories: ['all'],
  subresources: [subresource('status')],
  printer,
  defaults: ({ spec: s }) => {
    s.concurrencyPolicy ??= 'Allow';
    s.suspend ??= false;
    s.successfulJobsHistoryLimit ??= 3;
    s.failedJobsHistoryLimit ??= 1;
    const podSpec = s.jobTemplate?.spec?.template?.spec;
    if (podSpec) defaultPodSpec(podSpec);
  },
  validate: (cj, old) => cronJobRules(cj, old),
});
