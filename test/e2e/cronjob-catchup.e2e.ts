// CronJobs after the control plane was stopped for two minutes, etcd and the node left
// running: when it comes back, a CronJob starts one Job, for the latest of the minutes it
// missed, and one whose startingDeadlineSeconds has passed since then starts none, as
// Kubernetes' cronjob controller does. Two real minutes: the suite takes about four.

import { waitFor } from '@stevedore/testing';
import { type SplitCluster, startSplitCluster } from './support/split-cluster';

jest.setTimeout(270_000);

const MINUTE = 60_000;

interface JobJson {
  metadata: { name: string; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
}

const sleepUntil = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));
/** Jobs are named `<cronjob>-<minutes since the epoch>` of their schedule time. */
const minuteOf = (name: string) => Number(/-(\d+)$/.exec(name)?.[1]);
const rfc3339 = (minute: number) => new Date(minute * MINUTE).toISOString().replace('.000Z', 'Z');

describe('CronJob catch-up after the control plane was stopped', () => {
  let cluster: SplitCluster | undefined;

  beforeAll(async () => {
    cluster = await startSplitCluster();
  });

  afterAll(async () => expect((await cluster?.destroy()) ?? []).toEqual([]));

  const kubectl = (...args: string[]) => cluster!.kubectl(...args);
  const cronJobYaml = (name: string, extra = '') => `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "*/1 * * * *"${extra}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          terminationGracePeriodSeconds: 5
          containers:
          - {name: main, image: "${cluster!.images.busybox}", command: ["sh", "-c", "echo hi"]}
`;
  /** Names of the CronJob's Jobs scheduled at or before `upTo` (minutes), oldest first. */
  const jobsOf = async (cronJob: string, upTo = Number.POSITIVE_INFINITY): Promise<string[]> => {
    const items = JSON.parse((await kubectl('get', 'jobs', '-o', 'json')).stdout || '{"items":[]}').items as JobJson[];
    return items
      .filter((j) => (j.metadata.ownerReferences ?? []).some((r) => r.kind === 'CronJob' && r.name === cronJob && r.controller))
      .map((j) => j.metadata.name)
      .filter((name) => minuteOf(name) <= upTo)
      .sort();
  };
  const lastScheduleTime = async (cronJob: string) =>
    JSON.parse((await kubectl('get', 'cronjob', cronJob, '-o', 'json')).stdout).status?.lastScheduleTime;

  it('starts one Job for the latest missed minute, and none past the starting deadline', async () => {
    for (const [name, extra] of [
      ['catchup', ''],
      ['late', '\n  startingDeadlineSeconds: 15'],
    ] as const) {
      expect(await cluster!.apply(name, cronJobYaml(name, extra))).toMatchObject({ code: 0 });
    }
    const first = await waitFor(async () => (await jobsOf('catchup'))[0], {
      what: 'the first Job of CronJob catchup',
      timeoutMs: 90_000,
      intervalMs: 1000,
    });
    const m0 = minuteOf(first);
    await waitFor(async () => (await jobsOf('late')).includes(`late-${m0}`), { what: 'the first Job of CronJob late', timeoutMs: 20_000 });

    // Down from 20 s past the first run to 20 s past the second missed one: two minutes; the first
    // missed minute must not get a Job of its own.
    await sleepUntil(m0 * MINUTE + 20_000);
    await cluster!.stopControlPlane();
    await sleepUntil((m0 + 2) * MINUTE + 20_000);
    await cluster!.startControlPlane();

    const m2 = m0 + 2;
    await waitFor(async () => (await jobsOf('catchup')).includes(`catchup-${m2}`), {
      what: `the catch-up Job catchup-${m2}`,
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    // Jobs of the minute after are no concern of this test (a slow restart could reach it).
    expect(await jobsOf('catchup', m2)).toEqual([`catchup-${m0}`, `catchup-${m2}`]);
    expect(await lastScheduleTime('catchup')).toBe(rfc3339(m2));

    // "late" saw its missed minute 20 s after it, beyond its 15 s deadline: it says so and starts nothing.
    const missed = `Missed scheduled time to start a job: ${new Date(m2 * MINUTE).toUTCString().replace('GMT', '+0000')}`;
    await waitFor(async () => (await kubectl('get', 'events', '--field-selector', 'involvedObject.name=late')).stdout.includes(missed), {
      what: `a MissSchedule event on late (${missed})`,
      timeoutMs: 20_000,
      intervalMs: 500,
    });
    expect(await jobsOf('late', m2)).toEqual([`late-${m0}`]);
    expect(await lastScheduleTime('late')).toBe(rfc3339(m0));
  });
});
