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

export interface JobPlan {
  create: number;
  /** Active pods to delete (the job finished or failed). */
  delete: Pod[];
  status: JobStatus;
}

function finished(job: Job): boolean {
  const conditions = (job.status as JobStatus | undefined)?.conditions ?? [];
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function planJob(job: Job, pods: readonly Pod[], now: number): JobPlan {
  const owned = ownedPods(pods, job.metadata.uid);
  const active = owned.filter(isActive);
  const succeeded = owned.filter((p) => podPhase(p) === 'Succeeded').length;
  const failed = owned.filter((p) => podPhase(p) === 'Failed').length;
  const previous = (job.status as JobStatus | undefined) ?? ({} as Partial<JobStatus>);
  const time = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  const status: JobStatus = {
    active: active.length,
    ready: active.filter(isReady).length,
    succeeded,
    failed,
    startTime: previous.startTime ?? time,
    ...(previous.conditions ? { conditions: previous.conditions } : {}),
    ...(previous.completionTime ? { completionTime: previous.completionTime } : {}),
  };
  if (finished(job) || job.spec.suspend) {
    return { create: 0, delete: job.spec.suspend ? active : [], status: job.spec.suspend ? status : { ...status, active: 0 } };
  }
  const completions = job.spec.completions ?? 1;
  const parallelism = job.spec.parallelism ?? 1;
  const condition = (type: Condition['type'], reason?: string, message?: string): Condition => ({
    type,
    status: 'True',
    ...(reason ? { reason, message } : {}),
    lastProbeTime: time,
    lastTransitionTime: time,
  });
  if (succeeded >= completions) {
    return { create: 0, delete: active, status: { ...status, active: 0, completionTime: time, conditions: [condition('Complete')] } };
  }
  const deadline = job.spec.activeDeadlineSeconds;
  if (failed > (job.spec.backoffLimit ?? 6)) {
    return {
      create: 0,
      delete: active,
      status: {
        ...status,
        active: 0,
        conditions: [condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')],
      },
    };
  }
  if (deadline !== undefined && now - Date.parse(status.startTime!) >= deadline * 1000) {
    return {
      create: 0,
      delete: active,
      status: {
        ...status,
        active: 0,
        conditions: [condition('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline')],
      },
    };
  }
  const remaining = completions - succeeded;
  const create = Math.max(0, Math.min(parallelism, remaining) - active.length);
  return { create, delete: [], status };
}
