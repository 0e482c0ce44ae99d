// What Kubernetes checks of a CronJob in code: the schedule, the time zone, the job template's
// restart policy and pod spec, and a name short enough for the Jobs named after it.
import type { CronJob } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { podSpecRules } from '../pod/pod-spec-validation';
import { isKnownTimeZone, scheduleProblem, TZ_PREFIX } from './cron-schedule';

/** A Job's name is the CronJob's plus `-` and up to 11 digits, within 63 characters. */
const MAX_NAME_LENGTH = 52;

const invalid = (field: string, value: unknown, problem: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${problem}`,
});

function scheduleRules(cj: CronJob, old: CronJob | undefined, causes: Cause[]): void {
  const schedule = cj.spec?.schedule ?? '';
  const prefix = TZ_PREFIX.exec(schedule.trim());
  const problem = scheduleProblem(prefix ? schedule.trim().slice(prefix[0].length) : schedule);
  if (problem) causes.push(invalid('spec.schedule', schedule, problem));
  // Objects stored before the rule may keep their TZ= schedule; new ones must use timeZone.
  if (schedule.includes('TZ') && !old?.spec?.schedule?.includes('TZ')) {
    causes.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
}

function timeZoneRules(zone: string | undefined, causes: Cause[]): void {
  if (zone === undefined) return;
  if (zone === '') causes.push(invalid('spec.timeZone', zone, 'timeZone must be nil or non-empty string'));
  else if (zone.toLowerCase() === 'local')
    causes.push(invalid('spec.timeZone', zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  else if (!isKnownTimeZone(zone)) causes.push(invalid('spec.timeZone', zone, `unknown time zone ${zone}`));
}

export function cronJobRules(cj: CronJob, old?: CronJob): Cause[] {
  const causes: Cause[] = [];
  const name = cj.metadata.name ?? '';
  if (name.length > MAX_NAME_LENGTH) causes.push(invalid('metadata.name', name, `must be no more than ${MAX_NAME_LENGTH} characters`));
  scheduleRules(cj, old, causes);
  timeZoneRules(cj.spec?.timeZone, causes);
  const podSpec = cj.spec?.jobTemplate?.spec?.template?.spec;
  podSpecRules(podSpec, 'spec.jobTemplate.spec.template.spec', causes);
  const policy = podSpec?.restartPolicy;
  if (podSpec && policy !== 'Never' && policy !== 'OnFailure') {
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.jobTemplate.spec.template.spec.restartPolicy',
      message: `Unsupported value: "${policy ?? 'Always'}": supported values: "OnFailure", "Never"`,
    });
  }
  return causes;
}
