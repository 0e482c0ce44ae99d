// CronJobs on the all-in-one cluster with the real kubectl: a Job every minute that runs to
// completion, `create job --from=cronjob/…`, cascading deletion, and refused schedules.

import { waitFor } from '@stevedore/testing';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);

interface JobJson {
  metadata: { name: string; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

describe('CronJobs with the real kubectl', () => {
  let setup: ClusterWithImages | undefined;
  beforeAll(async () => {
    setup = await startClusterWithImages();
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => setup!.cluster.kubectl(...args);
  const apply = (name: string, yaml: string) => applyManifest(setup!.cluster, name, yaml);
  const cronJobYaml = (name: string, schedule: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "${schedule}"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          terminationGracePeriodSeconds: 5
          containers:
          - {name: main, image: "${setup!.images.busybox}", command: ["sh", "-c", "echo hi"]}
`;
  const jobsOf = async (cronJob: string): Promise<JobJson[]> => {
    const items = JSON.parse((await kubectl('get', 'jobs', '-o', 'json')).stdout || '{"items":[]}').items as JobJson[];
    return items.filter((j) => (j.metadata.ownerReferences ?? []).some((r) => r.kind === 'CronJob' && r.name === cronJob && r.controller));
  };
  const complete = (j: JobJson) => (j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

  it('starts a Job on schedule that completes, and shows LAST SCHEDULE', async () => {
    expect((await apply('tick', cronJobYaml('tick', '*/1 * * * *'))).code).toBe(0);
    const done = await waitFor(async () => (await jobsOf('tick')).find(complete), {
      what: 'a Job of CronJob tick to complete',
      timeoutMs: 130_000,
      intervalMs: 1000,
    });
    // Named by the scheduled minute, as Kubernetes names them.
    expect(done.metadata.name).toMatch(/^tick-\d{8}$/);
    expect((await kubectl('logs', `job/${done.metadata.name}`)).stdout.trim()).toBe('hi');
    const { stdout } = await kubectl('get', 'cronjob', 'tick');
    expect(stdout).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m);
    expect(stdout).toMatch(/^tick\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+\d+\s+\d+s\s+\S+$/m);
    expect((await kubectl('get', 'cj', 'tick', '-o', 'wide')).stdout).toMatch(
      /\sCONTAINERS\s+IMAGES\s+SELECTOR\n.*\smain\s+\S*busybox\S*\s+<none>$/m,
    );
  });

  it('creates a Job from the CronJob with kubectl create job --from', async () => {
    const created = await kubectl('create', 'job', '--from=cronjob/tick', 'manual');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('job.batch/manual created') });
    expect((await kubectl('wait', '--for=condition=complete', 'job/manual', '--timeout=90s')).code).toBe(0);
    expect((await kubectl('logs', 'job/manual')).stdout.trim()).toBe('hi');
    expect((await jobsOf('tick')).map((j) => j.metadata.name)).toContain('manual');
  });

  it("removes the CronJob's Jobs when it is deleted", async () => {
    expect((await kubectl('delete', 'cronjob', 'tick')).code).toBe(0);
    await waitFor(async () => (await jobsOf('tick')).length === 0 || undefined, {
      what: "the CronJob's Jobs to be collected",
      timeoutMs: 60_000,
      intervalMs: 1000,
    });
  });

  it('refuses a schedule that does not parse, or that carries a time zone, with a 422', async () => {
    const bad = await apply('bad', cronJobYaml('bad', '61 * * * *'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The CronJob "bad" is invalid: spec.schedule: Invalid value: "61 * * * *": Invalid value for minute: 61');
    const tz = await apply('tz', cronJobYaml('tz', 'TZ=Europe/Paris 0 9 * * *'));
    expect(tz.stderr).toContain(
      'spec.schedule: Invalid value: "TZ=Europe/Paris 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
    expect((await kubectl('get', 'cronjobs', '-o', 'name')).stdout.trim()).toBe('');
  });
});
