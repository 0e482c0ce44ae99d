import type { Job } from '@stevedore/api';
import type { Stored } from '@stevedore/apiserver';
import { COMPLETION_INDEX } from './completion-index';
import { JOB_KIND } from './job-controller';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const job = (spec: Partial<Job['spec']>): Stored<Job> => ({
  metadata: { name: 'work', namespace: 'default', uid: 'job-uid' },
  spec: {
    template: { metadata: { labels: { app: 'w' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    ...spec,
  },
});

describe('the Job controller applying its plan', () => {
  it('makes one pod for each index to start, owned by the Job', () => {
    const plan = JOB_KIND.plan(job({ completionMode: 'Indexed', completions: 3, parallelism: 2 }), [], NOW);
    expect(plan.create.map((p) => [p.metadata.generateName, p.metadata.annotations?.[COMPLETION_INDEX], p.spec.hostname])).toEqual([
      ['work-0-', '0', 'work-0'],
      ['work-1-', '1', 'work-1'],
    ]);
    expect(plan.create[0]?.metadata.labels).toMatchObject({ app: 'w', 'job-name': 'work', [COMPLETION_INDEX]: '0' });
    expect(plan.create[0]?.metadata.ownerReferences).toMatchObject([{ kind: 'Job', uid: 'job-uid', controller: true }]);
  });

  it('names NonIndexed pods after the Job alone', () => {
    const plan = JOB_KIND.plan(job({ completions: 2, parallelism: 2 }), [], NOW);
    expect(plan.create.map((p) => p.metadata.generateName)).toEqual(['work-', 'work-']);
    expect(plan.create[0]?.metadata.annotations).toBeUndefined();
  });

  it('looks again just after the active deadline, at most a day ahead', () => {
    expect(JOB_KIND.plan(job({ activeDeadlineSeconds: 30 }), [], NOW).requeueAfterMs).toBe(30_100);
    expect(JOB_KIND.plan(job({ activeDeadlineSeconds: 30 * 24 * 3600 }), [], NOW).requeueAfterMs).toBe(24 * 3600_000);
    expect(JOB_KIND.plan(job({}), [], NOW).requeueAfterMs).toBeUndefined();
  });
});
