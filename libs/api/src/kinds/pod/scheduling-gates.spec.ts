import type { Pod } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { podStatus } from './pod-printer';
import { schedulingGateRules } from './scheduling-gates';

const pod = (gates: string[], nodeName?: string): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'i' }], schedulingGates: gates.map((name) => ({ name })), nodeName },
});
const rules = (next: Pod, old?: Pod) => {
  const causes: Cause[] = [];
  schedulingGateRules(next, old, causes);
  return causes;
};

describe('scheduling gates', () => {
  it('may be removed but not added after creation', () => {
    expect(rules(pod(['a']), pod(['a', 'b']))).toEqual([]);
    expect(rules(pod(['a', 'c']), pod(['a']))).toEqual([
      {
        reason: 'FieldValueForbidden',
        field: 'spec.schedulingGates',
        message: "Forbidden: only deletion is allowed, but found new scheduling gate 'c'",
      },
    ]);
  });

  it('keep a gated pod from naming its node', () => {
    expect(rules(pod(['a'], 'node-1'))).toEqual([
      {
        reason: 'FieldValueForbidden',
        field: 'spec.nodeName',
        message: 'Forbidden: cannot be set until all schedulingGates have been cleared',
      },
    ]);
    expect(rules(pod([], 'node-1'))).toEqual([]);
  });

  it('show as SchedulingGated in the STATUS column', () => {
    const gated = {
      ...pod(['a']),
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
    };
    expect(podStatus(gated)).toBe('SchedulingGated');
    expect(podStatus({ ...gated, status: { phase: 'Pending' } })).toBe('Pending');
  });
});
