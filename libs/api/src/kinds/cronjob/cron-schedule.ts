// CronJob schedules as Kubernetes reads them (robfig/cron's standard parser): five fields or a
// macro, in the CronJob's time zone (UTC without one). croner does the calendar arithmetic.
import { Cron } from 'croner';

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Quartz-style extensions croner accepts but Kubernetes' parser does not: L, W and #. */
function quartzProblem(fields: string[]): string | undefined {
  const [, , dayOfMonth = '', , dayOfWeek = ''] = fields;
  if (!/^[0-9*?,/-]+$/.test(dayOfMonth)) return `failed to parse day of month: ${dayOfMonth}`;
  if (dayOfWeek.includes('#') || /(^|\d)L$/i.test(dayOfWeek)) return `failed to parse day of week: ${dayOfWeek}`;
  return undefined;
}

/** Why the schedule does not parse, or undefined when it does. `TZ=` is judged separately. */
export function scheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (!text) return 'empty spec string';
  if (text.startsWith('@')) return MACROS.has(text) ? undefined : `unrecognized descriptor: ${text}`;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const quartz = quartzProblem(fields);
  if (quartz) return quartz;
  try {
    new Cron(text, { paused: true, mode: '5-part' });
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}

/** Whether the name is a time zone of the IANA database, spelt as the database does. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    // Intl ignores case and resolves aliases; Go's LoadLocation reads the file by its exact name.
    // Intl ignores case and resolves aliases; Go's LoadLocation opens the file by its exact name,
    // so an alias (Asia/Calcutta) is known but a case variant (utc) is not.
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** A `TZ=`/`CRON_TZ=` prefix, which older CronJobs may still carry. */
export const TZ_PREFIX = /^(?:CRON_)?TZ=(\S+)\s+/;

/** The schedule's times, for the controller; throws when the schedule or zone is invalid. */
export function cronSchedule(schedule: string, timeZone?: string): Cron {
  const prefix = TZ_PREFIX.exec(schedule.trim());
  const pattern = prefix ? schedule.trim().slice(prefix[0].length) : schedule.trim();
  const problem = scheduleProblem(pattern);
  if (problem) throw new Error(problem);
  return new Cron(pattern, { paused: true, mode: '5-part', timezone: prefix?.[1] ?? timeZone ?? 'UTC' });
}
