// The CronJob controller's decision (Kubernetes' cronjob controller v2): which schedule time is
// due, whether to start a Job for it under the concurrency policy, which Jobs to delete (Replace,
// history limits), the status to write and when to look again.
import { type CronJob, cronSchedule, isKnownTimeZone, type Job, type ObjectReference } from '@stevedore/api';
import { isControlledBy } from '../common/owner';
import { jobFromCronJob, jobName } from './job-from-cronjob';
import { MANY_MISSED, nextScheduleTime, type Schedule, unmetScheduleTime } from './schedule-times';

export interface CronJobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export interface CronJobPlan {
  /** The Job to create for the due schedule time, if any. */
  create?: Job;
  /** Names of Jobs to delete: active ones under Replace, then finished ones beyond the history limits. */
  delete: { name: string; reason: 'Replace' | 'History' }[];
  status: CronJobStatus;
  events: CronJobEvent[];
  /** When to look again (the next schedule time), if the CronJob is scheduling. */
  requeueAt?: number;
}

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function finishedCondition(job: Job): 'Complete' | 'Failed' | undefined {
  const done = (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  return done?.type as 'Complete' | 'Failed' | undefined;
}

export function jobRef(job: Job): ObjectReference {
  const { name, namespace, uid, resourceVersion } = job.metadata;
  return { apiVersion: 'batch/v1', kind: 'Job', name, namespace, uid, resourceVersion };
}

/** Newest last, by start time then name, as Kubernetes orders Jobs for history cleanup. */
function byStartTime(a: Job, b: Job): number {
  const start = (j: Job) => (j.status?.startTime ? Date.parse(j.status.startTime) : Number.POSITIVE_INFINITY);
  return start(a) - start(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function beyondLimit(jobs: Job[], limit: number | undefined): Job[] {
  if (limit === undefined) return [];
  const sorted = [...jobs].sort(byStartTime);
  return sorted.slice(0, Math.max(0, sorted.length - limit));
}

/** Active refs, lastSuccessfulTime and the events of Jobs seen finishing or going missing. */
function observeJobs(cj: CronJob, owned: Job[], events: CronJobEvent[]): CronJobStatus {
  const before = cj.status?.active ?? [];
  const wasActive = new Set(before.map((r) => r.uid));
  for (const job of owned) {
    const condition = finishedCondition(job);
    if (condition && wasActive.has(job.metadata.uid))
      events.push({
        type: 'Normal',
        reason: 'SawCompletedJob',
        message: `Saw completed job: ${job.metadata.name}, condition: ${condition}`,
      });
  }
  const ownedUids = new Set(owned.map((j) => j.metadata.uid));
  for (const ref of before) {
    if (!ownedUids.has(ref.uid)) events.push({ type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${ref.name}` });
  }
  const completions = owned
    .filter((j) => finishedCondition(j) === 'Complete' && j.status?.completionTime)
    .map((j) => Date.parse(j.status!.completionTime!));
  const previous = cj.status?.lastSuccessfulTime ? Date.parse(cj.status.lastSuccessfulTime) : undefined;
  const latest = Math.max(previous ?? Number.NEGATIVE_INFINITY, ...completions);
  return {
    // Every unfinished Job the CronJob controls is active, so a run whose status write was lost still counts.
    active: owned
      .filter((j) => !finishedCondition(j) && !j.metadata.deletionTimestamp)
      .map((j) => before.find((r) => r.uid === j.metadata.uid) ?? jobRef(j)),
    ...(cj.status?.lastScheduleTime ? { lastScheduleTime: cj.status.lastScheduleTime } : {}),
    ...(Number.isFinite(latest) ? { lastSuccessfulTime: seconds(latest) } : {}),
  };
}

function historyDeletes(cj: CronJob, owned: Job[]): CronJobPlan['delete'] {
  // A Job already being deleted is on its way out: it neither counts nor needs deleting again.
  const kept = owned.filter((j) => !j.metadata.deletionTimestamp);
  const succeeded = kept.filter((j) => finishedCondition(j) === 'Complete');
  const failed = kept.filter((j) => finishedCondition(j) === 'Failed');
  return [...beyondLimit(succeeded, cj.spec?.successfulJobsHistoryLimit), ...beyondLimit(failed, cj.spec?.failedJobsHistoryLimit)].map(
    (j) => ({ name: j.metadata.name!, reason: 'History' as const }),
  );
}

/** The start decision for the due time: skip, start, or replace what runs. */
function startDecision(cj: CronJob, owned: Job[], status: CronJobStatus, due: number, plan: CronJobPlan): void {
  const name = jobName(cj.metadata.name!, due);
  // Deterministic names: the Job for this time exists, so it was started (perhaps before a restart).
  if (owned.some((j) => j.metadata.name === name)) {
    status.lastScheduleTime = seconds(due);
    return;
  }
  const active = status.active ?? [];
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length) {
    plan.events.push({
      type: 'Normal',
      reason: 'JobAlreadyActive',
      message: 'Not starting job because prior execution is running and concurrency policy is Forbid',
    });
    return;
  }
  if (policy === 'Replace') {
    plan.delete.push(...active.map((r) => ({ name: r.name!, reason: 'Replace' as const })));
    status.active = [];
  }
  plan.create = jobFromCronJob(cj, due);
  status.lastScheduleTime = seconds(due);
}

/** The parsed schedule, or the Warning event saying why there is none (objects stored before a rule). */
function scheduleOf(cj: CronJob): Schedule | CronJobEvent {
  const { schedule = '', timeZone } = cj.spec ?? {};
  if (timeZone !== undefined && !isKnownTimeZone(timeZone))
    return { type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: "${timeZone}": unknown time zone ${timeZone}` };
  try {
    return cronSchedule(schedule, timeZone);
  } catch (err) {
    return { type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: "${schedule}" : ${(err as Error).message}` };
  }
}

export function planCronJob(cj: CronJob, jobs: readonly Job[], now: number): CronJobPlan {
  const owned = jobs.filter((j) => isControlledBy(j, cj.metadata.uid));
  const plan: CronJobPlan = { delete: [], status: {}, events: [] };
  plan.status = observeJobs(cj, owned, plan.events);
  plan.delete.push(...historyDeletes(cj, owned));
  if (cj.metadata.deletionTimestamp || cj.spec?.suspend) return plan;
  const schedule = scheduleOf(cj);
  if (!('nextRun' in schedule)) {
    plan.events.push(schedule);
    return plan;
  }
  plan.requeueAt = nextScheduleTime(schedule, now);
  const unmet = unmetScheduleTime(cj, schedule, now);
  if (unmet.tooLate !== undefined) {
    plan.events.push({
      type: 'Warning',
      reason: 'MissSchedule',
      message: `Missed scheduled time to start a job: ${rfc1123z(unmet.tooLate)}`,
    });
  }
  if (unmet.time === undefined) return plan;
  if (unmet.missed > MANY_MISSED) {
    plan.events.push({
      type: 'Warning',
      reason: 'TooManyMissedTimes',
      message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    });
  }
  startDecision(cj, owned, plan.status, unmet.time, plan);
  return plan;
}

/** Go's time.RFC1123Z in UTC, as the MissSchedule event prints the time: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
