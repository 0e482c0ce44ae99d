import type { Job, Pod } from '@stevedore/api';
import { COMPLETION_INDEX } from './completion-index';
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

  describe('Indexed', () => {
    const indexedJob = (spec: Partial<Job['spec']> = {}) =>
      job({ completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimit: 6, ...spec });
    const at = (index: number | string, name: string, phase: string): Pod => {
      const p = pod(name, phase);
      return { ...p, metadata: { ...p.metadata, annotations: { [COMPLETION_INDEX]: `${index}` } } };
    };

    it('starts the lowest indexes not yet succeeded or running, up to parallelism', () => {
      expect(planJob(indexedJob(), [], NOW)).toMatchObject({
        create: 2,
        createIndexes: [0, 1],
        status: { succeeded: 0, completedIndexes: '' },
      });
      const plan = planJob(indexedJob(), [at(0, 'a', 'Succeeded'), at(2, 'b', 'Running')], NOW);
      expect(plan).toMatchObject({ create: 1, createIndexes: [1], delete: [], status: { succeeded: 1, completedIndexes: '0' } });
    });

    it('runs a failed index again', () => {
      const plan = planJob(indexedJob(), [at(0, 'a', 'Failed'), at(1, 'b', 'Succeeded'), at(2, 'c', 'Running')], NOW);
      expect(plan).toMatchObject({ createIndexes: [0], status: { failed: 1, succeeded: 1, completedIndexes: '1' } });
    });

    it('completes when every index has succeeded, however many pods succeeded', () => {
      const pods = [at(0, 'a', 'Succeeded'), at(1, 'b', 'Succeeded'), at(1, 'b2', 'Succeeded'), at(2, 'c', 'Succeeded')];
      const notYet = planJob(indexedJob(), pods, NOW);
      expect(notYet).toMatchObject({ createIndexes: [3], status: { succeeded: 3, completedIndexes: '0-2' } });
      expect(notYet.status.conditions).toBeUndefined();
      const done = planJob(indexedJob(), [...pods, at(3, 'd', 'Succeeded')], NOW);
      expect(done.status).toMatchObject({ succeeded: 4, completedIndexes: '0-3', conditions: [{ type: 'Complete' }] });
    });

    it('deletes active pods of an index that succeeded or already runs, or without a valid index', () => {
      const pods = [
        at(0, 'a', 'Succeeded'),
        at(0, 'a2', 'Running'),
        at(1, 'b', 'Running'),
        at(1, 'b2', 'Running'),
        at(9, 'z', 'Running'),
        pod('n', 'Running'),
      ];
      const plan = planJob(indexedJob({ parallelism: 4 }), pods, NOW);
      expect(plan.delete.map((p) => p.metadata.name)).toEqual(['a2', 'b2', 'z', 'n']);
      expect(plan.createIndexes).toEqual([2, 3]);
    });
  });

  describe('podFailurePolicy', () => {
    const exited = (name: string, exitCode: number): Pod => {
      const p = pod(name, 'Failed');
      const terminated = { name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } };
      return { ...p, metadata: { ...p.metadata, namespace: 'default' }, status: { phase: 'Failed', containerStatuses: [terminated] } };
    };
    const rules = [
      { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
      { action: 'Ignore', onExitCodes: { operator: 'In', values: [143] } },
    ];

    it('fails the Job at once on a FailJob rule, stopping its other pods', () => {
      const plan = planJob(job({ backoffLimit: 6, podFailurePolicy: { rules } }), [exited('a', 42), pod('b', 'Running')], NOW);
      expect(plan.status.conditions).toMatchObject([
        {
          type: 'Failed',
          reason: 'PodFailurePolicy',
          message: 'Container c for pod default/a failed with exit code 42 matching FailJob rule at index 0',
        },
      ]);
      expect(plan.delete.map((p) => p.metadata.name)).toEqual(['b']);
      expect(plan.events).toMatchObject([{ type: 'Warning', reason: 'PodFailurePolicy' }]);
    });

    it('does not count ignored failures against backoffLimit, and replaces those pods', () => {
      const pods = [exited('a', 143), exited('b', 143), exited('c', 1)];
      const plan = planJob(job({ backoffLimit: 1, podFailurePolicy: { rules } }), pods, NOW);
      expect(plan.status.failed).toBe(1);
      expect(plan.status.conditions).toBeUndefined();
      expect(plan.create).toBe(2);
      const counted = planJob(job({ backoffLimit: 1, podFailurePolicy: { rules } }), [...pods, exited('d', 1)], NOW);
      expect(counted.status.conditions).toMatchObject([{ type: 'Failed', reason: 'BackoffLimitExceeded' }]);
    });
  });
});
