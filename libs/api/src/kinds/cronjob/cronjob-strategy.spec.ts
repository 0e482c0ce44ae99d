import type { CronJob } from '../../generated/kubernetes-types';
import { cronJobs } from './cronjob-strategy';

const cronJob = (spec: Partial<CronJob['spec']> = {}, podSpec: object = {}): CronJob => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'tick', namespace: 'default' },
  spec: {
    schedule: '*/5 * * * *',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }], ...podSpec } } } },
    ...spec,
  },
});

/** The causes as the 422's message lists them: `field: message`. */
function problems(cj: CronJob, old?: CronJob): string[] {
  cronJobs.defaults(cj);
  return cronJobs.validate(cj, old).map((c) => `${c.field}: ${c.message}`);
}

describe('CronJob strategy', () => {
  it('defaults as Kubernetes does, the pod template included', () => {
    const cj = cronJob();
    cronJobs.defaults(cj);
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
  });

  it.each([
    '*/1 * * * *',
    '0 9 * * 1-5',
    '30 6-16/4 * * MON-FRI',
    '0 0 1 JAN,JUL ?',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
  ])('accepts the schedule %s', (schedule) => expect(problems(cronJob({ schedule }))).toEqual([]));

  it.each([
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 0 * * *', 'expected exactly 5 fields, found 6: [0 0 0 * * *]'],
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['0 0 L * *', 'failed to parse day of month: L'],
    ['0 0 * * 1#2', 'failed to parse day of week: 1#2'],
    ['', 'empty spec string'],
  ])('refuses the schedule %j', (schedule, problem) => {
    expect(problems(cronJob({ schedule }))).toEqual([`spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${problem}`]);
  });

  it('refuses TZ= in a new schedule but keeps one an old object already had', () => {
    const schedule = 'CRON_TZ=Europe/Paris 0 9 * * *';
    expect(problems(cronJob({ schedule }))).toEqual([
      `spec.schedule: Invalid value: "${schedule}": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`,
    ]);
    expect(problems(cronJob({ schedule }), cronJob({ schedule: 'TZ=UTC 0 9 * * *' }))).toEqual([]);
  });

  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Calcutta'])('accepts the time zone %s', (timeZone) =>
    expect(problems(cronJob({ timeZone }))).toEqual([]),
  );

  it.each([
    ['Mars/Olympus', 'unknown time zone Mars/Olympus'],
    ['utc', 'unknown time zone utc'],
    ['Local', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['', 'timeZone must be nil or non-empty string'],
  ])('refuses the time zone %j', (timeZone, problem) => {
    expect(problems(cronJob({ timeZone }))).toEqual([`spec.timeZone: Invalid value: ${JSON.stringify(timeZone)}: ${problem}`]);
  });

  it('requires the job template to restart OnFailure or Never', () => {
    expect(problems(cronJob({}, { restartPolicy: 'OnFailure' }))).toEqual([]);
    expect(problems(cronJob({}, { restartPolicy: 'Always' }))).toEqual([
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it('keeps names short enough for the Jobs named after them', () => {
    const cj = cronJob();
    cj.metadata.name = 'n'.repeat(53);
    expect(problems(cj)).toEqual([`metadata.name: Invalid value: "${'n'.repeat(53)}": must be no more than 52 characters`]);
  });

  it('prints the columns kubectl shows', () => {
    expect(cronJobs.printer.columns.map((c) => `${c.name}${c.priority ? ' (wide)' : ''}`)).toEqual([
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
      'Containers (wide)',
      'Images (wide)',
      'Selector (wide)',
    ]);
    const cj = cronJob({ suspend: false });
    cj.metadata.creationTimestamp = '2026-01-01T10:00:00Z';
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(cronJobs.printer.cells(cj, now)).toEqual([
      'tick',
      '*/5 * * * *',
      '<none>',
      'False',
      0,
      '<none>',
      '120m',
      'c',
      'busybox',
      '<none>',
    ]);
    cj.status = { active: [{ name: 'tick-1' }], lastScheduleTime: '2026-01-01T11:59:00Z' };
    expect(cronJobs.printer.cells(cj, now).slice(4, 6)).toEqual([1, '60s']);
  });
});
