import type { Job, PodFailurePolicyRule } from '../../generated/kubernetes-types';
import { validate } from '../../validate';
import { jobs } from './job-strategy';

const job = (restartPolicy: string, rules?: PodFailurePolicyRule[]): Job => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: {
    ...(rules ? { podFailurePolicy: { rules } } : {}),
    template: { spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox' }] } },
  },
});

/** The causes as the 422's message lists them: `field: message`. */
function problems(j: Job): string[] {
  const { causes } = validate(jobs.schema, j);
  jobs.defaults(j);
  return [...causes, ...jobs.validate(j)].map((c) => `${c.field}: ${c.message}`);
}

describe('Job strategy: podFailurePolicy', () => {
  const failOn42 = { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } };

  it('accepts rules on exit codes and pod conditions when pods are never restarted', () => {
    const ignoreDisruption = { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] };
    expect(problems(job('Never', [failOn42, ignoreDisruption]))).toEqual([]);
  });

  it('requires restartPolicy Never, as the policy judges failed pods', () => {
    expect(problems(job('OnFailure', [failOn42]))).toEqual([
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
    expect(problems(job('OnFailure'))).toEqual([]);
  });

  it('refuses an unknown action or operator', () => {
    const found = problems(job('Never', [{ action: 'Retry', onExitCodes: { operator: 'Is', values: [1] } }]));
    expect(found).toEqual([
      expect.stringMatching(/^spec\.podFailurePolicy\.rules\[0\]\.action: Unsupported value: "Retry"/),
      expect.stringMatching(/^spec\.podFailurePolicy\.rules\[0\]\.onExitCodes\.operator: Unsupported value: "Is"/),
    ]);
  });
});
