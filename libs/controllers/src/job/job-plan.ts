// The Job controller's decision: run pods until `completions` succeed, at most `parallelism` at
// once, and give up after `backoffLimit` failures or `activeDeadlineSeconds`.
import type { Job, Pod } from '@stevedore/api';
import { ownedPods } from '../common/owner';
import { isActive, isReady, podPhase } from '../common/pods';

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
}

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface JobPlan {
  create: number;
  /** Active pods to delete (the job finished or failed). */
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
function failure(job: Job, status: JobStatus, now: number): [reason: string, message: string] | undefined {
  if (status.failed > (job.spec.backoffLimit ?? 6)) return ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
  const deadline = deadlineOf(job, status);
  if (deadline !== undefined && now >= deadline) return ['DeadlineExceeded', 'Job was active longer than specified deadline'];
  return undefined;
}

export function planJob(job: Job, pods: readonly Pod[], now: number): JobPlan {
  const owned = ownedPods(pods, job.metadata.uid);
  const active = owned.filter(isActive);
  const previous = (job.status as JobStatus | undefined) ?? ({} as Partial<JobStatus>);
  const time = seconds(now);
  const status: JobStatus = {
    active: active.length,
    ready: active.filter(isReady).length,
    succeeded: owned.filter((p) => podPhase(p) === 'Succeeded').length,
    failed: owned.filter((p) => podPhase(p) === 'Failed').length,
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
  const failed = failure(job, status, now);
  if (failed) {
    const [reason, message] = failed;
    const conditions = [condition('Failed', time, reason, message)];
    return { create: 0, delete: active, status: { ...status, active: 0, conditions }, events: [{ type: 'Warning', reason, message }] };
  }
  const remaining = (job.spec.completions ?? 1) - status.succeeded;
  const create = Math.max(0, Math.min(job.spec.parallelism ?? 1, remaining) - active.length);
  const requeueAt = deadlineOf(job, status);
  return { create, delete: [], status, events: [], ...(requeueAt !== undefined ? { requeueAt } : {}) };
}
