// Deletes finished Jobs `ttlSecondsAfterFinished` after they finished, in the background: the
// Job goes at once and the garbage collector then deletes its pods. The delete is conditional
// on the version the plan saw, so a Job whose TTL was just changed is planned again instead.
import { ignoring, isNotFound, jobs as JOBS, type Job } from '@stevedore/api';
import { deleteObject, type ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { planJobTtl } from './job-ttl-plan';

/** setTimeout's limit is ~24.8 days: a longer TTL is looked at again daily. */
const MAX_REQUEUE_MS = 24 * 3600_000;

/** A little after the expiry, so it has surely passed when the plan looks again. */
const REQUEUE_SLACK_MS = 100;

export class JobTtlController {
  private readonly log = logger('job-ttl-controller');
  readonly queue = new WorkQueue((key) => this.reconcile(key), this.log, 2);

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly jobs: Informer<Job>,
  ) {
    jobs.events.subscribe(({ type, object }) => {
      if (type !== 'DELETED') this.queue.add(`${object.metadata.namespace}/${object.metadata.name}`);
    });
    for (const job of jobs.list()) this.queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<{ requeueAfterMs: number } | undefined> {
    const [namespace, name] = key.split('/') as [string, string];
    const job = this.jobs.get(namespace, name);
    if (!job) return;
    const now = Date.now();
    const plan = planJobTtl(job, now);
    if (!plan.delete) {
      if (plan.requeueAt === undefined) return;
      return { requeueAfterMs: Math.min(plan.requeueAt - now + REQUEUE_SLACK_MS, MAX_REQUEUE_MS) };
    }
    const { uid, resourceVersion } = job.metadata;
    const options = { propagationPolicy: 'Background' as const, preconditions: { uid, resourceVersion } };
    const deleted = await deleteObject(this.registry, JOBS, namespace, name, options).catch(ignoring(isNotFound));
    if (deleted) this.log.debug('deleted a finished job past its ttlSecondsAfterFinished', { key });
  }
}
