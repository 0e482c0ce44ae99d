// The CronJob controller: applies planCronJob. Creating the Job for a schedule time twice is an
// AlreadyExists (the name is the time), deleting a Job already gone is a NotFound: both mean the
// step was done. It looks again at the next schedule time.
import { cronJobs as CRONJOBS, type CronJob, ignoring, isAlreadyExists, isNotFound, jobs as JOBS, type Job } from '@stevedore/api';
import { asKind, deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { EventRecorder } from '../runtime/events';
import type { Informer } from '../runtime/informer';
import { controllerKey } from '../runtime/owner-key';
import { WorkQueue } from '../runtime/work-queue';
import { type CronJobStatus, jobRef, planCronJob } from './cronjob-plan';

/** setTimeout's limit is ~24.8 days; a yearly schedule is looked at again daily instead. */
const MAX_REQUEUE_MS = 24 * 3600_000;

/** Kubernetes requeues a little after the schedule time, so the time is surely due. */
const REQUEUE_SLACK_MS = 100;

/** A merge patch replaces `active` whole and removes the fields set to null. */
function asMergePatch(status: CronJobStatus) {
  return {
    active: status.active?.length ? status.active : null,
    lastScheduleTime: status.lastScheduleTime ?? null,
    lastSuccessfulTime: status.lastSuccessfulTime ?? null,
  };
}

export class CronJobController {
  readonly queue = new WorkQueue((key) => this.reconcile(key), logger('cronjob-controller'), 4);
  private readonly events: EventRecorder;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly cronJobs: Informer<CronJob>,
    private readonly jobs: Informer<Job>,
  ) {
    this.events = new EventRecorder(registry, 'cronjob-controller');
    cronJobs.events.subscribe(({ object }) => this.queue.add(`${object.metadata.namespace}/${object.metadata.name}`));
    jobs.events.subscribe(({ object }) => {
      const key = controllerKey(object, 'CronJob');
      if (key) this.queue.add(key);
    });
    for (const cj of cronJobs.list()) this.queue.add(`${cj.metadata.namespace}/${cj.metadata.name}`);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<{ requeueAfterMs: number } | undefined> {
    const [namespace, name] = key.split('/') as [string, string];
    const cj = this.cronJobs.get(namespace, name);
    if (!cj) return;
    const now = Date.now();
    const plan = planCronJob(cj, this.jobs.controlledBy(cj.metadata.uid), now);
    for (const e of plan.events) this.events.record(cj, e.type, e.reason, e.message);
    for (const { name: jobName } of plan.delete) await this.deleteJob(cj, jobName);
    const status = { ...plan.status, active: [...(plan.status.active ?? [])] };
    if (plan.create) {
      const created = await this.createJob(cj, plan.create);
      if (created) status.active.push(jobRef(created));
    }
    await this.writeStatus(cj, status);
    if (plan.requeueAt !== undefined) return { requeueAfterMs: Math.min(plan.requeueAt - now + REQUEUE_SLACK_MS, MAX_REQUEUE_MS) };
  }

  /** The created Job, or undefined when it already existed (made by an earlier sync). */
  private async createJob(cj: Stored<CronJob>, job: Job): Promise<Job | undefined> {
    try {
      const { object } = await this.registry.create(JOBS, cj.metadata.namespace, job);
      this.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${object.metadata.name}`);
      return asKind(JOBS, object);
    } catch (err) {
      if (isAlreadyExists(err)) return undefined;
      this.events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
  }

  private async deleteJob(cj: Stored<CronJob>, name: string): Promise<void> {
    const deleted = await deleteObject(this.registry, JOBS, cj.metadata.namespace, name).catch(ignoring(isNotFound));
    if (deleted) this.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
  }

  private async writeStatus(cj: Stored<CronJob>, status: CronJobStatus): Promise<void> {
    const patch = asMergePatch(status);
    if (JSON.stringify(patch) === JSON.stringify(asMergePatch(cj.status ?? {}))) return;
    await this.registry
      .patch(CRONJOBS, cj.metadata.namespace, cj.metadata.name, 'merge', { status: patch }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
