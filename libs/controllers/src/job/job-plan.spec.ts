import type { Job, Pod } from '@stevedore/api';
import { planJob } from './job-plan';

const NOW = Date.parse('2026-01-01T00:01:00Z');
const job = (spec: Partial<Job['spec']> = {}, status?: object): Job => ({
  metadata: { name: 'pi', namespace: 'default', uid: 'job-uid' },
  spec: {
    completions: 3,
    parallelism: 2,
    backoffLimit: 1,
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    ...spec,
  },
  ...(status ? { status } : {}),
});
const pod = (name: string, phase: string): Pod => ({
  metadata: { name, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true }] },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase },
});

describe('planJob', () => {
  it('runs up to parallelism pods and no more than the completions still needed', () => {
    expect(planJob(job(), [], NOW)).toMatchObject({ create: 2, status: { active: 0, succeeded: 0, startTime: '2026-01-01T00:01:00Z' } });
    expect(planJob(job(), [pod('a', 'Succeeded'), pod('b', 'Succeeded'), pod('c', 'Running')], NOW).create).toBe(0);
    expect(planJob(job(), [pod('a', 'Succeeded'), pod('b', 'Running')], NOW).create).toBe(1);
  });

  it('completes when enough pods succeeded', () => {
    const plan = planJob(job(), [pod('a', 'Succeeded'), pod('b', 'Succeeded'), pod('c', 'Succeeded')], NOW);
    expect(plan.status).toMatchObject({
      succeeded: 3,
      completionTime: '2026-01-01T00:01:00Z',
      conditions: [{ type: 'Complete', status: 'True' }],
    });
    const after = planJob(job({}, plan.status), [pod('a', 'Succeeded'), pod('b', 'Succeeded'), pod('c', 'Succeeded')], NOW + 1000);
    expect(after.create).toBe(0);
  });

  it('fails after backoffLimit failures and stops its active pods', () => {
    const plan = planJob(job(), [pod('a', 'Failed'), pod('b', 'Failed'), pod('c', 'Running')], NOW);
    expect(plan.status.conditions).toMatchObject([{ type: 'Failed', reason: 'BackoffLimitExceeded' }]);
    expect(plan.events).toMatchObject([{ type: 'Warning', reason: 'BackoffLimitExceeded' }]);
    expect(plan.delete.map((p) => p.metadata.name)).toEqual(['c']);
  });

  it('fails past activeDeadlineSeconds: deletes its active pods, says DeadlineExceeded once with a Warning', () => {
    const started = job({ activeDeadlineSeconds: 30 }, { startTime: '2026-01-01T00:00:00Z' });
    const plan = planJob(started, [pod('a', 'Running'), pod('b', 'Succeeded')], NOW);
    expect(plan.status).toMatchObject({
      active: 0,
      conditions: [
        { type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
      ],
    });
    expect(plan.delete.map((p) => p.metadata.name)).toEqual(['a']);
    expect(plan.create).toBe(0);
    expect(plan.events).toEqual([
      { type: 'Warning', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
    ]);
    // The next sync finds the Job failed: nothing more to do, nothing more to say.
    const after = planJob(job({ activeDeadlineSeconds: 30 }, plan.status), [pod('a', 'Running')], NOW + 1000);
    expect(after).toMatchObject({ create: 0, delete: [], events: [] });
  });

  it('before the deadline, runs pods and looks again at the deadline', () => {
    const started = job({ activeDeadlineSeconds: 90 }, { startTime: '2026-01-01T00:00:00Z' });
    const plan = planJob(started, [pod('a', 'Running')], NOW);
    expect(plan).toMatchObject({ create: 1, delete: [], events: [] });
    expect(plan.status.conditions).toBeUndefined();
    expect(plan.requeueAt).toBe(Date.parse('2026-01-01T00:01:30Z'));
    // A new Job's deadline counts from the start this sync records.
    expect(planJob(job({ activeDeadlineSeconds: 5 }), [], NOW).requeueAt).toBe(NOW + 5000);
    expect(planJob(job(), [], NOW).requeueAt).toBeUndefined();
  });

  it('says Completed once, as a Normal event', () => {
    const plan = planJob(job({ completions: 1 }), [pod('a', 'Succeeded')], NOW);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'Completed', message: 'Job completed' }]);
  });
});
