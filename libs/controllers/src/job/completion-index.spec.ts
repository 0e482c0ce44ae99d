import type { Pod } from '@stevedore/api';
import { COMPLETION_INDEX, completionIndex, compressIndexes, withCompletionIndex } from './completion-index';

const pod = (spec: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { generateName: 'work-', labels: { app: 'w' } },
  spec: {
    containers: [
      { name: 'a', image: 'busybox', env: [{ name: 'X', value: '1' }] },
      { name: 'b', image: 'busybox' },
    ],
    ...spec,
  },
});
const indexVariable = {
  name: 'JOB_COMPLETION_INDEX',
  valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } },
};

describe('compressIndexes', () => {
  it('lists runs of consecutive indexes as intervals, in order', () => {
    expect(compressIndexes([])).toBe('');
    expect(compressIndexes([2, 0, 1])).toBe('0-2');
    expect(compressIndexes([5, 0, 1, 2, 7, 8, 2])).toBe('0-2,5,7-8');
  });
});

describe('withCompletionIndex', () => {
  it('names the pod and its host for the index, and gives every container the index', () => {
    const p = withCompletionIndex(pod({ initContainers: [{ name: 'init', image: 'busybox' }] }), 'work', 4);
    expect(p.metadata).toMatchObject({
      generateName: 'work-4-',
      labels: { app: 'w', [COMPLETION_INDEX]: '4' },
      annotations: { [COMPLETION_INDEX]: '4' },
    });
    expect(p.spec.hostname).toBe('work-4');
    expect(p.spec.containers.map((c) => c.env)).toEqual([[{ name: 'X', value: '1' }, indexVariable], [indexVariable]]);
    expect(p.spec.initContainers?.[0]?.env).toEqual([indexVariable]);
    expect(completionIndex(p)).toBe(4);
  });

  it('keeps a hostname and a JOB_COMPLETION_INDEX the template sets', () => {
    const own = { name: 'JOB_COMPLETION_INDEX', value: 'mine' };
    const p = withCompletionIndex(pod({ hostname: 'h', containers: [{ name: 'a', image: 'busybox', env: [own] }] }), 'work', 0);
    expect(p.spec.hostname).toBe('h');
    expect(p.spec.containers[0]?.env).toEqual([own]);
  });

  it('reads no index from a pod without a well-formed one', () => {
    expect(completionIndex(pod())).toBeUndefined();
    expect(completionIndex({ ...pod(), metadata: { annotations: { [COMPLETION_INDEX]: '-1' } } })).toBeUndefined();
    expect(completionIndex({ ...pod(), metadata: { annotations: { [COMPLETION_INDEX]: '01' } } })).toBeUndefined();
  });
});
