// The Job controller: runs pods until `completions` succeed, `parallelism` at a time, giving up
// after `backoffLimit` failures or past `activeDeadlineSeconds` (looked at again at the deadline).
import { type Job, jobs, type Pod } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { podFromTemplate } from '../common/template';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, type PodOwnerKind } from '../runtime/pod-owner-controller';
import { withCompletionIndex } from './completion-index';
import { planJob } from './job-plan';

/** A little after the deadline, so it has surely passed when the plan looks again. */
const REQUEUE_SLACK_MS = 100;

/** setTimeout's limit is ~24.8 days: a later deadline is looked at again daily. */
const MAX_REQUEUE_MS = 24 * 3600_000;

function requeueAfter(requeueAt: number | undefined, now: number): { requeueAfterMs?: number } {
  if (requeueAt === undefined) return {};
  return { requeueAfterMs: Math.min(Math.max(requeueAt - now, 0) + REQUEUE_SLACK_MS, MAX_REQUEUE_MS) };
}

export const JOB_KIND: PodOwnerKind<Job> = {
  resource: jobs,
  component: 'job-controller',
  plan(job, pods, now) {
    const plan = planJob(job, pods, now);
    const template = {
      ...job.spec.template,
      metadata: { ...job.spec.template.metadata, labels: { ...job.spec.template.metadata?.labels, 'job-name': job.metadata.name } },
    };
    const pod = () => podFromTemplate(job, template, 'batch/v1', 'Job');
    const create: Pod[] = plan.createIndexes
      ? plan.createIndexes.map((index) => withCompletionIndex(pod(), job.metadata.name, index))
      : Array.from({ length: plan.create }, pod);
    return { create, delete: plan.delete, status: plan.status, events: plan.events, ...requeueAfter(plan.requeueAt, now) };
  },
};

export class JobController extends PodOwnerController<Job> {
  constructor(registry: ObjectRegistry, jobInformer: Informer<Job>, pods: Informer<Pod>) {
    super(registry, JOB_KIND, jobInformer, pods);
  }
}
