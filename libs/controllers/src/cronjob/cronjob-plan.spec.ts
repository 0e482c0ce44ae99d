import type { CronJob, Job } from '@stevedore/api';
import { planCronJob } from './cronjob-plan';
import { SCHEDULED_TIMESTAMP_ANNOTATION } from './job-from-cronjob';

const T = (iso: string) => Date.parse(iso);
const CREATED = '2026-01-01T00:00:00Z';

function cronJob(spec: Partial<CronJob['spec']> = {}, status: CronJob['status'] = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default', uid: 'cj-uid', creationTimestamp: CREATED },
    spec: {
      schedule: '*/1 * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels: { app: 'tick' }, annotations: { note: 'from template' } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      },
      ...spec,
    },
    status,
  };
}

type Finish = 'Complete' | 'Failed' | undefined;

function job(name: string, finish?: Finish, startTime = CREATED, owner = 'cj-uid'): Job {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: owner, controller: true }],
    },
    spec: { template: { spec: { containers: [] } } },
    status: {
      startTime,
      ...(finish ? { conditions: [{ type: finish, status: 'True' }] } : {}),
      ...(finish === 'Complete' ? { completionTime: startTime } : {}),
    },
  };
}

const reasons = (plan: ReturnType<typeof planCronJob>) => plan.events.map((e) => e.reason);

describe('planCronJob', () => {
  it('starts a Job every minute, named by the minute, owned by the CronJob', () => {
    const plan = planCronJob(cronJob(), [], T('2026-01-01T00:01:00.050Z'));
    const minutes = T('2026-01-01T00:01:00Z') / 60_000;
    expect(plan.create?.metadata).toEqual({
      name: `tick-${minutes}`,
      namespace: 'default',
      labels: { app: 'tick' },
      annotations: { note: 'from template', [SCHEDULED_TIMESTAMP_ANNOTATION]: '2026-01-01T00:01:00Z' },
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'cj-uid', controller: true, blockOwnerDeletion: true },
      ],
    });
    expect(plan.create?.spec).toEqual(cronJob().spec.jobTemplate.spec);
    expect(plan.status.lastScheduleTime).toBe('2026-01-01T00:01:00Z');
    expect(plan.requeueAt).toBe(T('2026-01-01T00:02:00Z'));
  });

  it('starts nothing before the first schedule time, and looks again then', () => {
    const plan = planCronJob(cronJob(), [], T('2026-01-01T00:00:30Z'));
    expect(plan.create).toBeUndefined();
    expect(plan.status.lastScheduleTime).toBeUndefined();
    expect(plan.requeueAt).toBe(T('2026-01-01T00:01:00Z'));
  });

  it('names the Job deterministically: a second sync for the same time does not start another', () => {
    const now = T('2026-01-01T00:05:10Z');
    const first = planCronJob(cronJob(), [], now);
    const again = planCronJob(cronJob(), [job(first.create!.metadata.name!)], now + 20_000);
    expect(again.create).toBeUndefined();
    expect(again.status.lastScheduleTime).toBe('2026-01-01T00:05:00Z');
    expect(planCronJob(cronJob(), [], now + 20_000).create?.metadata.name).toBe(first.create?.metadata.name);
  });

  it('under Forbid, skips the run while a Job is active', () => {
    const cj = cronJob({ concurrencyPolicy: 'Forbid' }, { lastScheduleTime: '2026-01-01T00:01:00Z' });
    const plan = planCronJob(cj, [job('tick-old')], T('2026-01-01T00:02:01Z'));
    expect(plan.create).toBeUndefined();
    expect(reasons(plan)).toEqual(['JobAlreadyActive']);
    expect(plan.status.lastScheduleTime).toBe('2026-01-01T00:01:00Z');
    expect(planCronJob(cj, [job('tick-old', 'Complete')], T('2026-01-01T00:02:01Z')).create).toBeDefined();
  });

  it('under Replace, deletes the active Job and starts the new one', () => {
    const cj = cronJob({ concurrencyPolicy: 'Replace' }, { lastScheduleTime: '2026-01-01T00:01:00Z' });
    const plan = planCronJob(cj, [job('tick-old')], T('2026-01-01T00:02:01Z'));
    expect(plan.delete).toEqual([{ name: 'tick-old', reason: 'Replace' }]);
    expect(plan.create).toBeDefined();
    expect(plan.status.active).toEqual([]);
  });

  it('under Allow, starts beside an active Job', () => {
    const cj = cronJob({}, { lastScheduleTime: '2026-01-01T00:01:00Z' });
    const plan = planCronJob(cj, [job('tick-old')], T('2026-01-01T00:02:01Z'));
    expect(plan.delete).toEqual([]);
    expect(plan.create).toBeDefined();
    expect(plan.status.active?.map((r) => r.name)).toEqual(['tick-old']);
  });

  describe('after a three-hour outage', () => {
    const last = '2026-01-01T09:00:00Z';
    const now = T('2026-01-01T12:00:20Z');

    it('starts only the latest missed run, warning of too many missed times', () => {
      const plan = planCronJob(cronJob({}, { lastScheduleTime: last }), [], now);
      expect(plan.create?.metadata.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2026-01-01T12:00:00Z');
      expect(reasons(plan)).toEqual(['TooManyMissedTimes']);
      expect(plan.status.lastScheduleTime).toBe('2026-01-01T12:00:00Z');
    });

    it('with startingDeadlineSeconds, counts only the window and starts the latest run in it', () => {
      const plan = planCronJob(cronJob({ startingDeadlineSeconds: 200 }, { lastScheduleTime: last }), [], now);
      expect(plan.create?.metadata.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2026-01-01T12:00:00Z');
      expect(reasons(plan)).toEqual([]);
    });

    it('with a deadline no schedule time falls in, starts nothing and reports the miss', () => {
      const hourly = cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 10 }, { lastScheduleTime: last });
      const plan = planCronJob(hourly, [], now);
      expect(plan.create).toBeUndefined();
      expect(plan.events).toEqual([
        { type: 'Warning', reason: 'MissSchedule', message: 'Missed scheduled time to start a job: Thu, 01 Jan 2026 12:00:00 +0000' },
      ]);
      expect(plan.requeueAt).toBe(T('2026-01-01T13:00:00Z'));
    });

    it('under 100 missed times, starts the latest without a warning', () => {
      const plan = planCronJob(cronJob({}, { lastScheduleTime: '2026-01-01T11:00:00Z' }), [], now);
      expect(plan.create?.metadata.name).toBe(`tick-${T('2026-01-01T12:00:00Z') / 60_000}`);
      expect(reasons(plan)).toEqual([]);
    });
  });

  it('starts nothing while suspended and does not requeue', () => {
    const plan = planCronJob(cronJob({ suspend: true }), [], T('2026-01-01T00:10:00Z'));
    expect(plan.create).toBeUndefined();
    expect(plan.requeueAt).toBeUndefined();
  });

  it('reads the schedule in the CronJob time zone and stamps the time with its offset', () => {
    const tokyo = cronJob({ schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' });
    expect(planCronJob(tokyo, [], T('2026-01-01T08:59:00Z')).requeueAt).toBe(T('2026-01-02T00:00:00Z'));
    const plan = planCronJob(tokyo, [], T('2026-01-02T00:00:05Z'));
    expect(plan.create?.metadata.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2026-01-02T09:00:00+09:00');
    const utc = planCronJob(
      cronJob({ schedule: '0 9 * * *' }, { lastScheduleTime: '2026-01-01T09:00:00Z' }),
      [],
      T('2026-01-02T00:00:05Z'),
    );
    expect(utc.create).toBeUndefined();
    expect(utc.requeueAt).toBe(T('2026-01-02T09:00:00Z'));
  });

  it('follows daylight saving time in the zone', () => {
    // New York moves from UTC-5 to UTC-4 on 8 March 2026.
    const ny = cronJob({ schedule: '30 8 * * *', timeZone: 'America/New_York' }, { lastScheduleTime: '2026-03-07T13:30:00Z' });
    const plan = planCronJob(ny, [], T('2026-03-08T12:30:01Z'));
    expect(plan.create?.metadata.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2026-03-08T08:30:00-04:00');
  });

  it('deletes finished Jobs beyond the history limits, oldest first', () => {
    const at = (minute: number) => `2026-01-01T00:0${minute}:00Z`;
    const jobs = [
      job('ok-1', 'Complete', at(1)),
      job('ok-4', 'Complete', at(4)),
      job('ok-2', 'Complete', at(2)),
      job('ok-3', 'Complete', at(3)),
      job('bad-1', 'Failed', at(1)),
      job('bad-2', 'Failed', at(2)),
      job('running', undefined, at(5)),
      job('not-mine', 'Complete', at(0), 'other-uid'),
    ];
    const plan = planCronJob(cronJob({ suspend: true }), jobs, T('2026-01-01T00:10:00Z'));
    expect(plan.delete).toEqual([
      { name: 'ok-1', reason: 'History' },
      { name: 'bad-1', reason: 'History' },
    ]);
    expect(plan.status.active?.map((r) => r.name)).toEqual(['running']);
    expect(plan.status.lastSuccessfulTime).toBe(at(4));
  });

  it('reports Jobs seen finishing or gone from the active list', () => {
    const cj = cronJob(
      { suspend: true },
      {
        active: [
          { name: 'done', uid: 'done-uid' },
          { name: 'gone', uid: 'gone-uid' },
          { name: 'busy', uid: 'busy-uid', resourceVersion: '7' },
        ],
      },
    );
    const plan = planCronJob(cj, [job('done', 'Complete'), job('busy')], T('2026-01-01T00:10:00Z'));
    expect(plan.events.map((e) => e.message)).toEqual(['Saw completed job: done, condition: Complete', 'Active job went missing: gone']);
    // The reference recorded when the Job started is kept, so a Job's updates do not rewrite the status.
    expect(plan.status.active).toEqual([{ name: 'busy', uid: 'busy-uid', resourceVersion: '7' }]);
  });

  it('warns of a schedule or time zone stored before the rules refused it', () => {
    expect(reasons(planCronJob(cronJob({ schedule: 'every day' }), [], T(CREATED)))).toEqual(['UnparseableSchedule']);
    expect(reasons(planCronJob(cronJob({ timeZone: 'Mars/Olympus' }), [], T(CREATED)))).toEqual(['UnknownTimeZone']);
  });
});
