// Jobs' completion features on the all-in-one cluster with the real kubectl: an Indexed Job whose
// pods see their JOB_COMPLETION_INDEX, a Job stopped at its activeDeadlineSeconds, a finished
// Job removed after ttlSecondsAfterFinished, and a podFailurePolicy failing a Job on an exit code.

import { waitFor } from '@stevedore/testing';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);

interface PodJson {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { hostname?: string };
}

describe('Job completion with the real kubectl', () => {
  let setup: ClusterWithImages | undefined;
  beforeAll(async () => {
    setup = await startClusterWithImages();
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => setup!.cluster.kubectl(...args);
  const apply = (name: string, spec: string) =>
    applyManifest(setup!.cluster, name, `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n${spec}`);
  const template = (command: string) => `  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
      - {name: main, image: "${setup!.images.busybox}", command: ["sh", "-c", "${command}"]}
`;
  const gone = (what: string, ...args: string[]) =>
    waitFor(async () => (await kubectl('get', ...args, '-o', 'name')).stdout.trim() === '' || undefined, {
      what,
      timeoutMs: 30_000,
      intervalMs: 500,
    });

  it('runs an Indexed Job: one pod per index, each seeing its JOB_COMPLETION_INDEX', async () => {
    const spec = `  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n${template('echo index=$JOB_COMPLETION_INDEX')}`;
    expect((await apply('indexed', spec)).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=complete', 'job/indexed', '--timeout=60s')).code).toBe(0);
    expect((await kubectl('get', 'job', 'indexed', '-o', 'jsonpath={.status.completedIndexes}')).stdout).toBe('0-2');
    const pods = JSON.parse((await kubectl('get', 'pods', '-l', 'job-name=indexed', '-o', 'json')).stdout).items as PodJson[];
    const seen = await Promise.all(
      pods.map(async (p) => {
        const index = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
        expect(p.metadata.name).toMatch(new RegExp(`^indexed-${index}-[a-z0-9]{5}$`));
        expect(p.spec.hostname).toBe(`indexed-${index}`);
        const log = (await kubectl('logs', p.metadata.name)).stdout.trim();
        expect(log).toBe(`index=${index}`);
        return log;
      }),
    );
    expect(seen.sort()).toEqual(['index=0', 'index=1', 'index=2']);
  });

  it('fails a Job past its activeDeadlineSeconds with DeadlineExceeded, and stops its pod', async () => {
    expect((await apply('deadline', `  activeDeadlineSeconds: 3\n${template('sleep 60')}`)).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=failed', 'job/deadline', '--timeout=30s')).code).toBe(0);
    const failed = (await kubectl('get', 'job', 'deadline', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}')).stdout;
    expect(failed).toBe('DeadlineExceeded');
    const events = await kubectl('get', 'events', '--field-selector', 'involvedObject.name=deadline,type=Warning');
    expect(events.stdout).toMatch(/DeadlineExceeded\s.*Job was active longer than specified deadline/);
    await gone('the deadline Job pod to stop', 'pods', '-l', 'job-name=deadline', '--field-selector=status.phase=Running');
  });

  it('fails a Job at once when a pod exits with a code its podFailurePolicy names', async () => {
    const policy = `  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {operator: In, values: [42]}
`;
    expect((await apply('policy', `${policy}${template('exit 42')}`)).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=failed', 'job/policy', '--timeout=30s')).code).toBe(0);
    const message = (await kubectl('get', 'job', 'policy', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].message}')).stdout;
    expect(message).toMatch(
      /^Container main for pod default\/policy-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/,
    );
    // One failure was enough: no retries under backoffLimit.
    expect((await kubectl('get', 'job', 'policy', '-o', 'jsonpath={.status.failed}')).stdout).toBe('1');
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished after it finished', async () => {
    expect((await apply('short-lived', `  ttlSecondsAfterFinished: 2\n${template('true')}`)).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=complete', 'job/short-lived', '--timeout=60s')).code).toBe(0);
    await gone('the finished Job to be deleted', 'jobs', 'short-lived', '--ignore-not-found');
    await gone("the deleted Job's pods to be collected", 'pods', '-l', 'job-name=short-lived');
  });
});
