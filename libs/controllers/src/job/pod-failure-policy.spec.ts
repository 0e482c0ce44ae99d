import type { Job, Pod, PodFailurePolicyRule } from '@stevedore/api';
import { judgeFailure } from './pod-failure-policy';

const job = (rules: PodFailurePolicyRule[]): Job => ({
  metadata: { name: 'pi', namespace: 'default' },
  spec: { podFailurePolicy: { rules }, template: { spec: { restartPolicy: 'Never', containers: [] } } },
});
/** A failed pod whose containers exited with these codes; `conditions` as type → status. */
const failed = (codes: Record<string, number>, conditions: Record<string, string> = {}): Pod => ({
  metadata: { name: 'pi-x', namespace: 'default' },
  spec: { containers: [] },
  status: {
    phase: 'Failed',
    containerStatuses: Object.entries(codes).map(([name, exitCode]) => ({
      name,
      image: 'busybox',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode } },
    })),
    conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })),
  },
});

describe('judgeFailure', () => {
  it('fails the Job on an exit code In the set, naming the container, pod and rule', () => {
    const rules = [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }];
    expect(judgeFailure(job(rules), failed({ main: 42 }))).toEqual({
      action: 'FailJob',
      message: 'Container main for pod default/pi-x failed with exit code 42 matching FailJob rule at index 0',
    });
    expect(judgeFailure(job(rules), failed({ main: 1 }))).toEqual({ action: 'Count' });
  });

  it('matches NotIn only on non-zero exit codes, and only the named container when one is named', () => {
    const notIn = [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1, 2] } }];
    expect(judgeFailure(job(notIn), failed({ side: 0, main: 2 }))).toEqual({ action: 'Count' });
    expect(judgeFailure(job(notIn), failed({ side: 0, main: 3 })).action).toBe('FailJob');
    const named = [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [3] } }];
    expect(judgeFailure(job(named), failed({ side: 3, main: 1 }))).toEqual({ action: 'Count' });
    expect(judgeFailure(job(named), failed({ side: 3, main: 3 })).action).toBe('FailJob');
  });

  it('ignores a failure with a matching pod condition; the first matching rule wins', () => {
    const rules = [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { operator: 'In', values: [137] } },
    ];
    expect(judgeFailure(job(rules), failed({ main: 137 }, { DisruptionTarget: 'True' }))).toEqual({ action: 'Ignore' });
    expect(judgeFailure(job(rules), failed({ main: 137 }, { DisruptionTarget: 'False' })).action).toBe('FailJob');
    const failOnCondition = [{ action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue', status: 'True' }] }];
    expect(judgeFailure(job(failOnCondition), failed({ main: 1 }, { ConfigIssue: 'True' }))).toEqual({
      action: 'FailJob',
      message: 'Pod default/pi-x has condition ConfigIssue matching FailJob rule at index 0',
    });
  });

  it('counts a failure a Count rule matches, or no rule matches', () => {
    const rules = [
      { action: 'Count', onExitCodes: { operator: 'In', values: [1] } },
      { action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } },
    ];
    expect(judgeFailure(job(rules), failed({ main: 1 }))).toEqual({ action: 'Count' });
    expect(judgeFailure(job([]), failed({ main: 1 }))).toEqual({ action: 'Count' });
  });
});
