import type { Job } from '@stevedore/api';
import { finishTime, planJobTtl } from './job-ttl-plan';

const FINISHED = '2026-01-01T00:00:00Z';
const job = (ttl: number | undefined, conditions: object[], extra: Partial<Job['metadata']> = {}): Job => ({
  metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', ...extra },
  spec: { ...(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }), template: { spec: { containers: [] } } },
  status: { conditions: conditions as NonNullable<Job['status']>['conditions'] },
});
const complete = { type: 'Complete', status: 'True', lastTransitionTime: FINISHED };
const failed = { type: 'Failed', status: 'True', reason: 'DeadlineExceeded', lastTransitionTime: FINISHED };
const at = (seconds: number) => Date.parse(FINISHED) + seconds * 1000;

describe('planJobTtl', () => {
  it('deletes a completed or failed Job once the TTL after its finish has passed', () => {
    expect(planJobTtl(job(10, [complete]), at(10))).toEqual({ delete: true });
    expect(planJobTtl(job(10, [failed]), at(11))).toEqual({ delete: true });
    expect(planJobTtl(job(0, [complete]), at(0))).toEqual({ delete: true });
  });

  it('before then, looks again at the expiry', () => {
    expect(planJobTtl(job(10, [complete]), at(3))).toEqual({ delete: false, requeueAt: at(10) });
  });

  it('leaves alone Jobs without a TTL, still running, or already being deleted', () => {
    expect(planJobTtl(job(undefined, [complete]), at(100))).toEqual({ delete: false });
    expect(planJobTtl(job(10, []), at(100))).toEqual({ delete: false });
    expect(planJobTtl(job(10, [{ ...complete, status: 'False' }]), at(100))).toEqual({ delete: false });
    expect(planJobTtl(job(10, [complete], { deletionTimestamp: FINISHED }), at(100))).toEqual({ delete: false });
  });

  it('takes the finish time from the condition, else from completionTime', () => {
    expect(finishTime(job(1, [failed]))).toBe(at(0));
    const noTransition = { ...job(1, [{ type: 'Complete', status: 'True' }]) };
    noTransition.status!.completionTime = '2026-01-01T00:00:05Z';
    expect(finishTime(noTransition)).toBe(at(5));
  });
});
