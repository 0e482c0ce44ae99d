import { cronJobs as CRONJOBS, events as EVENTS, jobs as JOBS, namespaces } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { CronJobController } from './cronjob-controller';
import { jobName } from './job-from-cronjob';

const until = async <T>(check: () => T | undefined, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// Yearly, so the due time (this year's 1 January) cannot move while the test runs.
const year = new Date().getUTCFullYear();
const thisNewYear = Date.UTC(year, 0, 1);
const seconds = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const podTemplate = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };

/** A yearly CronJob last run two years ago, so this year's run is due; `before` runs before the controller starts. */
async function start(concurrencyPolicy: string, before?: (registry: ObjectRegistry, uid: string) => Promise<unknown>) {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
  const { object } = await registry.create(CRONJOBS, 'default', {
    metadata: { name: 'yearly' },
    spec: { schedule: '0 0 1 1 *', concurrencyPolicy, jobTemplate: { spec: { template: podTemplate } } },
  });
  const lastScheduleTime = seconds(Date.UTC(year - 2, 0, 1));
  await registry.patch(CRONJOBS, 'default', 'yearly', 'merge', { status: { lastScheduleTime } }, { subresource: 'status' });
  await before?.(registry, object.metadata.uid!);
  const informers = [new Informer(store, CRONJOBS), new Informer(store, JOBS), new Informer(store, EVENTS)] as const;
  await Promise.all(informers.map((i) => i.start()));
  const [cronJobs, jobs, events] = informers;
  const controller = new CronJobController(registry, cronJobs, jobs);
  const stop = () => {
    controller.stop();
    for (const i of informers) i.stop();
  };
  return { registry, cronJobs, jobs, events, stop };
}

describe('CronJobController', () => {
  const due = jobName('yearly', thisNewYear);

  it('starts the due Job once and records it in the status', async () => {
    const { registry, cronJobs, jobs, events, stop } = await start('Allow');
    try {
      const status = await until(() => {
        const s = cronJobs.get('default', 'yearly')?.status;
        return s?.active?.length ? s : undefined;
      });
      expect(status.active?.map((r) => r.name)).toEqual([due]);
      expect(status.lastScheduleTime).toBe(seconds(thisNewYear));
      expect(jobs.get('default', due)?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'yearly', controller: true });
      await until(() => events.list().find((e) => e.reason === 'SuccessfulCreate' && e.message === `Created job ${due}`));
      // Another sync (an edit of the CronJob) finds the Job for this time and starts no other.
      await registry.patch(CRONJOBS, 'default', 'yearly', 'merge', { metadata: { labels: { touched: 'yes' } } });
      await until(() => cronJobs.get('default', 'yearly')?.metadata.labels?.touched);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(jobs.list().map((j) => j.metadata.name)).toEqual([due]);
    } finally {
      stop();
    }
  });

  it('under Replace, deletes the running Job before starting the due one', async () => {
    // A Job still running from an earlier time, made before this controller started.
    const { cronJobs, jobs, events, stop } = await start('Replace', (registry, uid) =>
      registry.create(JOBS, 'default', {
        metadata: {
          name: 'yearly-old',
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'yearly', uid, controller: true }],
        },
        spec: { template: podTemplate },
      }),
    );
    try {
      await until(() => jobs.get('default', due));
      await until(() => !jobs.get('default', 'yearly-old') || undefined);
      await until(() => events.list().find((e) => e.reason === 'SuccessfulDelete' && e.message === 'Deleted job yearly-old'));
      const active = await until(() => {
        const refs = cronJobs.get('default', 'yearly')?.status?.active;
        return refs?.length === 1 && refs[0]!.name === due ? refs : undefined;
      });
      expect(active.map((r) => r.name)).toEqual([due]);
    } finally {
      stop();
    }
  });
});
