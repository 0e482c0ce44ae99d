// Jobs: pods run to completion by the job controller. A Job (without manualSelector) selects its
// pods by its own uid, as Kubernetes does.
import type { Job } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { defaultPodSpec } from '../pod/pod-spec-defaults';
import { podSpecRules } from '../pod/pod-spec-validation';

function jobStatus(j: Job): string {
  const has = (type: string) => (j.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
  return has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : 'Running';
}

const printer: Printer<Job> = {
  columns: [nameColumn, column('Status'), column('Completions'), column('Duration'), ageColumn],
  cells: (j, now) => {
    const s = j.status;
    const start = s?.startTime ? Date.parse(s.startTime) : undefined;
    const end = s?.completionTime ? Date.parse(s.completionTime) : now;
    const duration = start === undefined ? '' : age(new Date(start).toISOString(), end);
    return [
      j.metadata.name,
      jobStatus(j),
      `${s?.succeeded ?? 0}/${j.spec?.completions ?? 1}`,
      duration,
      age(j.metadata.creationTimestamp, now),
    ];
  },
};

function selectOwnPods(job: Job): void {
  if (job.spec.manualSelector) return;
  const { uid, name } = job.metadata;
  const labels = {
    'batch.kubernetes.io/controller-uid': uid!,
    'batch.kubernetes.io/job-name': name!,
    'controller-uid': uid!,
    'job-name': name!,
  };
  job.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid! } };
  job.spec.template.metadata = { ...job.spec.template.metadata, labels: { ...job.spec.template.metadata?.labels, ...labels } };
}

export const jobs = defineResource<Job>({
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  namespaced: true,
  definition: 'io.k8s.api.batch.v1.Job',
  categories: ['all'],
  subresources: [subresource('status')],
  printer,
  defaults: ({ spec: s }) => {
    s.parallelism ??= 1;
    s.completions ??= 1;
    s.backoffLimit ??= 6;
    s.completionMode ??= 'NonIndexed';
    s.suspend ??= false;
    if (s.template?.spec) defaultPodSpec(s.template.spec);
  },
  prepareForCreate: selectOwnPods,
  validate: (job) => {
    const causes: Cause[] = [];
    podSpecRules(job.spec.template?.spec, 'spec.template.spec', causes);
    const policy = job.spec.template?.spec?.restartPolicy;
    if (policy !== 'Never' && policy !== 'OnFailure') {
      causes.push({
        reason: 'FieldValueRequired',
        field: 'spec.template.spec.restartPolicy',
        message: `Unsupported value: "${policy ?? 'Always'}": supported values: "OnFailure", "Never"`,
      });
    }
    if (job.spec.podFailurePolicy && policy !== 'Never') {
      // The policy judges failed pods; under OnFailure the kubelet restarts containers instead.
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.template.spec.restartPolicy',
        message: `Invalid value: "${policy ?? 'Always'}": only "Never" is supported when podFailurePolicy is specified`,
      });
    }
    return causes;
  },
});
