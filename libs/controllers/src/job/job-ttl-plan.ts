// When a finished Job is due for deletion under `ttlSecondsAfterFinished` (Kubernetes'
// TTL-after-finished controller): its finish time plus the TTL.
import type { Job } from '@stevedore/api';

export type JobTtlPlan = { delete: true } | { delete: false; requeueAt?: number };

/** When the Job finished: the time its Complete or Failed condition became true. */
export function finishTime(job: Job): number | undefined {
  const done = (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!done) return undefined;
  const at = done.lastTransitionTime ?? (done.type === 'Complete' ? job.status?.completionTime : undefined);
  return at === undefined ? undefined : Date.parse(at);
}

/** Delete now, look again at the expiry, or (no TTL, not finished, already deleting) leave alone. */
export function planJobTtl(job: Job, now: number): JobTtlPlan {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata.deletionTimestamp) return { delete: false };
  const finished = finishTime(job);
  if (finished === undefined) return { delete: false };
  const expiry = finished + ttl * 1000;
  return now >= expiry ? { delete: true } : { delete: false, requeueAt: expiry };
}
