import type { Pod, PriorityClass } from '../../generated/kubernetes-types';
import { admitPodPriority, keepPodPriority, type PriorityClassLookup } from './pod-priority';

function lookup(...classes: PriorityClass[]): PriorityClassLookup {
  return {
    byName: async (name) => classes.find((c) => c.metadata.name === name),
    globalDefault: async () => classes.find((c) => c.globalDefault),
  };
}

const pod = (spec: Partial<Pod['spec']> = {}): Pod => ({ metadata: { name: 'x' }, spec: { containers: [{ name: 'c' }], ...spec } });
const high: PriorityClass = { metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' };
const fallback: PriorityClass = { metadata: { name: 'fallback' }, value: 7, globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' };

describe('pod priority admission', () => {
  it('gives a pod the value and preemption policy of the class it names', async () => {
    const p = pod({ priorityClassName: 'high' });
    await admitPodPriority(p, lookup(high, fallback));
    expect(p.spec).toMatchObject({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });
  });

  it('refuses a class that does not exist, in Kubernetes words', async () => {
    await expect(admitPodPriority(pod({ priorityClassName: 'foo' }), lookup(high))).rejects.toMatchObject({
      status: { code: 403, reason: 'Forbidden', message: 'pods "x" is forbidden: no PriorityClass with name foo was found' },
    });
  });

  it('uses the global default class for a pod that names none, else priority 0', async () => {
    const defaulted = pod();
    await admitPodPriority(defaulted, lookup(high, fallback));
    expect(defaulted.spec).toMatchObject({ priorityClassName: 'fallback', priority: 7, preemptionPolicy: 'PreemptLowerPriority' });
    const plain = pod();
    await admitPodPriority(plain, lookup(high));
    expect(plain.spec.priorityClassName).toBeUndefined();
    expect(plain.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('accepts a client-set priority that agrees with the class and refuses one that does not', async () => {
    await expect(admitPodPriority(pod({ priorityClassName: 'high', priority: 1000 }), lookup(high))).resolves.toBeUndefined();
    await expect(admitPodPriority(pod({ priorityClassName: 'high', priority: 5 }), lookup(high))).rejects.toMatchObject({
      status: {
        code: 403,
        message:
          'pods "x" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
      },
    });
    await expect(admitPodPriority(pod({ priority: 3 }), lookup())).rejects.toMatchObject({ status: { code: 403 } });
  });

  it('refuses a preemption policy that disagrees with the class', async () => {
    await expect(
      admitPodPriority(pod({ priorityClassName: 'high', preemptionPolicy: 'PreemptLowerPriority' }), lookup(high)),
    ).rejects.toMatchObject({
      status: { message: expect.stringContaining('the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided') },
    });
  });

  it('keeps the admitted priority when an update leaves it out', () => {
    const next = pod();
    keepPodPriority(pod({ priority: 1000, preemptionPolicy: 'Never' }), next);
    expect(next.spec).toMatchObject({ priority: 1000, preemptionPolicy: 'Never' });
  });
});
