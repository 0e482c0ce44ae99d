// The Job controller's decision: run pods until `completions` succeed, at most `parallelism` at
// once, and give up after `backoffLimit` failures or `activeDeadlineSeconds`. An Indexed Job
// needs one success for each index 0..completions-1 and runs failed indexes again. The
// podFailurePolicy may fail the Job on a pod's failure, or leave that failure uncounted.
import type { Job, Pod } from '@stevedore/api';
import { ownedPods } from '../common/owner';
import { isActive, isReady, podPhase } from '../common/pods';
import { compressIndexes } from './completion-index';
import { type IndexedProgress, indexedProgress, pendingIndexes } from './indexed-progress';
import { type FailureVerdict, judgeFailure } from './pod-failure-policy';

interface Condition {
  type: 'Complete' | 'Failed';
  status: 'True';
  reason?: string;
  message?: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

export interface JobStatus {
  active: number;
  ready: number;
  succeeded: number;
  failed: number;
  startTime?: string;
  completionTime?: string;
  conditions?: Condition[];
  /** Indexed Jobs: the indexes that succeeded, as "0-2,5". */
  completedIndexes?: string;
}

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface JobPlan {
  create: number;
  /** Indexed Jobs: the index of each pod to create (`create` of them). */
  createIndexes?: number[];
  /** Active pods to delete (the job finished or failed, or a surplus pod of an index). */
  delete: Pod[];
  status: JobStatus;
  /** Said once, when the Job finishes. */
  events: JobEvent[];
  /** When to look again without news: the active deadline. */
  requeueAt?: number;
}

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function finished(job: Job): boolean {
  const conditions = (job.status as JobStatus | undefined)?.conditions ?? [];
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function condition(type: Condition['type'], time: string, reason?: string, message?: string): Condition {
  return { type, status: 'True', ...(reason ? { reason, message } : {}), lastProbeTime: time, lastTransitionTime: time };
}

/** The time the active deadline passes, counted from the Job's start. */
function deadlineOf(job: Job, status: JobStatus): number | undefined {
  const deadline = job.spec.activeDeadlineSeconds;
  return deadline === undefined ? undefined : Date.parse(status.startTime!) + deadline * 1000;
}

/** The Failed condition's reason and message when the Job must give up now. */
function failure(job: Job, status: JobStatus, verdicts: FailureVerdict[], now: number): [reason: string, message: string] | undefined {
  const failJob = verdicts.find((v) => v.action === 'FailJob');
  if (failJob) return ['PodFailurePolicy', failJob.message];
  if (status.failed > (job.spec.backoffLimit ?? 6)) return ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
  const deadline = deadlineOf(job, status);
  if (deadline !== undefined && now >= deadline) return ['DeadlineExceeded', 'Job was active longer than specified deadline'];
  return undefined;
}

/** How many succeeded, counted by pods or (Indexed) by indexes. */
function successes(owned: readonly Pod[], indexed: IndexedProgress | undefined): Pick<JobStatus, 'succeeded' | 'completedIndexes'> {
  if (!indexed) return { succeeded: owned.filter((p) => podPhase(p) === 'Succeeded').length };
  return { succeeded: indexed.succeeded.size, completedIndexes: compressIndexes(indexed.succeeded) };
}

/** The pods to start now: a count, or (Indexed) the lowest pending indexes. */
function toStart(
  job: Job,
  status: JobStatus,
  running: number,
  indexed: IndexedProgress | undefined,
): Pick<JobPlan, 'create' | 'createIndexes'> {
  const completions = job.spec.completions ?? 1;
  const count = Math.max(0, Math.min(job.spec.parallelism ?? 1, completions - status.succeeded) - running);
  if (!indexed) return { create: count };
  const createIndexes = pendingIndexes(completions, indexed, count);
  return { create: createIndexes.length, createIndexes };
}

export function planJob(job: Job, pods: readonly Pod[], now: number): JobPlan {
  const owned = ownedPods(pods, job.metadata.uid);
  const active = owned.filter(isActive);
  const indexed = job.spec.completionMode === 'Indexed' ? indexedProgress(job.spec.completions ?? 1, owned) : undefined;
  // Failures the podFailurePolicy ignores count neither in status.failed nor against backoffLimit.
  const verdicts = owned.filter((p) => podPhase(p) === 'Failed').map((p) => judgeFailure(job, p));
  const previous = (job.status as JobStatus | undefined) ?? ({} as Partial<JobStatus>);
  const time = seconds(now);
  const status: JobStatus = {
    active: active.length,
    ready: active.filter(isReady).length,
    ...successes(owned, indexed),
    failed: verdicts.filter((v) => v.action !== 'Ignore').length,
    startTime: previous.startTime ?? time,
    ...(previous.conditions ? { conditions: previous.conditions } : {}),
    ...(previous.completionTime ? { completionTime: previous.completionTime } : {}),
  };
  if (finished(job) || job.spec.suspend) {
    return {
      create: 0,
      delete: job.spec.suspend ? active : [],
      status: job.spec.suspend ? status : { ...status, active: 0 },
      events: [],
    };
  }
  if (status.succeeded >= (job.spec.completions ?? 1)) {
    const conditions = [condition('Complete', time)];
    const events: JobEvent[] = [{ type: 'Normal', reason: 'Completed', message: 'Job completed' }];
    return { create: 0, delete: active, status: { ...status, active: 0, completionTime: time, conditions }, events };
  }
  const failed = failure(job, status, verdicts, now);
  if (failed) {
    const [reason, message] = failed;
    const conditions = [condition('Failed', time, reason, message)];
    return { create: 0, delete: active, status: { ...status, active: 0, conditions }, events: [{ type: 'Warning', reason, message }] };
  }
  const surplus = indexed?.surplus ?? [];
  const requeueAt = deadlineOf(job, status);
  return {
    ...toStart(job, status, active.length - surplus.length, indexed),
    delete: surplus,
    status,
    events: [],
    ...(requeueAt !== undefined ? { requeueAt } : {}),
  };
}
