// The Job controller: runs pods until `completions` succeed, `parallelism` at a time, giving up
// after `backoffLimit` failures.
import { type Job, jobs, type Pod } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { podFromTemplate } from '../common/template';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, type PodOwnerKind } from '../runtime/pod-owner-controller';
import { planJob } from './job-plan';

export const JOB_KIND: PodOwnerKind<Job> = {
  resource: jobs,
  component: 'job-controller',
  plan(job, pods, now) {
    const plan = planJob(job, pods, now);
    const template = {
      ...job.spec.template,
      metadata: { ...job.spec.template.metadata, labels: { ...job.spec.template.metadata?.labels, 'job-name': job.metadata.name } },
    };
    const create: Pod[] = Array.from({ length: plan.create }, () => podFromTemplate(job, template, 'batch/v1', 'Job'));
    return { create, delete: plan.delete, status: plan.status };
  },
};

export class JobController extends PodOwnerController<Job> {
  constructor(registry: ObjectRegistry, jobInformer: Informer<Job>, pods: Informer<Pod>) {
    super(registry, JOB_KIND, jobInformer, pods);
  }
}
