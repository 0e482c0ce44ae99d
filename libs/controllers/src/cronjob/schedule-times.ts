// When a CronJob should have run, as Kubernetes' cronjob controller v2 works it out: the most
// recent schedule time since the last one (or creation) up to now, within startingDeadlineSeconds.
import type { CronJob } from '@stevedore/api';

/** The calendar arithmetic the plan needs (a croner `Cron` fits). */
export interface Schedule {
  nextRun(after: Date): Date | null;
  previousRuns(n: number, before: Date): Date[];
}

/** Beyond this many missed times Kubernetes warns: a clock is wrong or the deadline too long. */
export const MANY_MISSED = 100;

export interface Unmet {
  /** The most recent schedule time not yet run, if any. */
  time?: number;
  /** How many schedule times were missed in the window (counted up to MANY_MISSED + 1). */
  missed: number;
  /** The latest time that fell before the starting deadline and will never run. */
  tooLate?: number;
}

function earliest(cj: CronJob): number {
  const last = cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp;
  return last ? Date.parse(last) : 0;
}

/** The latest schedule time in (after, now], if any. */
function latestIn(schedule: Schedule, after: number, now: number): number | undefined {
  // previousRuns looks strictly before its reference: a run exactly at `now` is due.
  const [latest] = schedule.previousRuns(1, new Date(now + 1));
  return latest && latest.getTime() > after ? latest.getTime() : undefined;
}

function countIn(schedule: Schedule, after: number, now: number): number {
  let missed = 0;
  for (let t = schedule.nextRun(new Date(after)); t && t.getTime() <= now && missed <= MANY_MISSED; t = schedule.nextRun(t)) missed++;
  return missed;
}

export function unmetScheduleTime(cj: CronJob, schedule: Schedule, now: number): Unmet {
  const since = earliest(cj);
  const deadlineSeconds = cj.spec?.startingDeadlineSeconds;
  // The controller schedules nothing older than the deadline.
  const windowStart = deadlineSeconds === undefined ? since : Math.max(since, now - deadlineSeconds * 1000);
  const time = latestIn(schedule, windowStart, now);
  const missed = countIn(schedule, windowStart, now);
  if (time !== undefined) return { time, missed };
  const tooLate = windowStart > since ? latestIn(schedule, since, windowStart) : undefined;
  return tooLate === undefined ? { missed } : { missed, tooLate };
}

/** The next schedule time after now, when the controller looks again. */
export function nextScheduleTime(schedule: Schedule, now: number): number | undefined {
  return schedule.nextRun(new Date(now))?.getTime();
}
