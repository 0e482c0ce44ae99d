import type { PodSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { podUpdateRules } from './pod-update-rules';

const base = (): PodSpec => ({
  containers: [{ name: 'c', image: 'busybox:1', command: ['sleep', '1'] }],
  tolerations: [{ key: 'a', operator: 'Exists' }],
  terminationGracePeriodSeconds: 30,
});
const check = (change: (spec: PodSpec) => void, old: PodSpec = base()) => {
  const next = base();
  change(next);
  const causes: Cause[] = [];
  podUpdateRules(next, old, causes);
  return causes.map((c) => `${c.field}: ${c.message.replace(/^Forbidden: pod updates.*\(changed/, '(changed')}`);
};

describe('pod update rules', () => {
  it('let an update change images, add tolerations and set or shorten the deadline', () => {
    expect(check((s) => (s.containers[0]!.image = 'busybox:2'))).toEqual([]);
    expect(check((s) => s.tolerations!.push({ key: 'b', operator: 'Exists' }))).toEqual([]);
    expect(check((s) => (s.activeDeadlineSeconds = 60))).toEqual([]);
    expect(check((s) => (s.activeDeadlineSeconds = 30), { ...base(), activeDeadlineSeconds: 60 })).toEqual([]);
  });

  it('refuse anything else, naming the fields changed', () => {
    expect(check((s) => (s.containers[0]!.command = ['sh']))).toEqual(['spec: (changed: spec.containers)']);
    expect(check((s) => (s.tolerations = []))).toEqual(['spec: (changed: spec.tolerations)']);
    expect(check((s) => (s.activeDeadlineSeconds = 90), { ...base(), activeDeadlineSeconds: 60 })).toEqual([
      'spec: (changed: spec.activeDeadlineSeconds)',
    ]);
    expect(check((s) => (s.nodeName = 'elsewhere'))).toEqual(['spec: (changed: spec.nodeName)']);
  });

  it('ignore key order and a priority the update leaves out', () => {
    const old = { ...base(), priority: 5, preemptionPolicy: 'Never' };
    expect(check((s) => Object.assign(s, { terminationGracePeriodSeconds: 30 }), old)).toEqual([]);
    const reordered: PodSpec = { terminationGracePeriodSeconds: 30, tolerations: base().tolerations, containers: base().containers };
    const causes: Cause[] = [];
    podUpdateRules(reordered, base(), causes);
    expect(causes).toEqual([]);
  });
});
