import type { Pod } from '@stevedore/api';
import { ClusterState } from './cluster-state';
import { awaitingVictims, findPreemption } from './preemption';
import { makeNode, makePod } from './testing';

const withPriority = (name: string, priority: number, opts: Parameters<typeof makePod>[1] = {}): Pod =>
  makePod(name, { ...opts, spec: { ...opts.spec, priority } });

function cluster(nodes: ReturnType<typeof makeNode>[], pods: Pod[]): ClusterState {
  const state = new ClusterState();
  for (const n of nodes) state.upsertNode(n);
  for (const p of pods) state.upsertPod(p);
  return state;
}

const names = (pods: Pod[] | undefined) => pods?.map((p) => p.metadata.name);

describe('findPreemption', () => {
  it('evicts only as many lower-priority pods as make room, the least important first', () => {
    const state = cluster(
      [makeNode('a', { cpu: '2' })],
      [
        withPriority('low', 1, { cpu: '500m', nodeName: 'a' }),
        withPriority('mid', 50, { cpu: '500m', nodeName: 'a' }),
        withPriority('lowest', 0, { cpu: '500m', nodeName: 'a' }),
        withPriority('peer', 100, { cpu: '500m', nodeName: 'a' }),
      ],
    );
    const result = findPreemption(withPriority('urgent', 100, { cpu: '1' }), state);
    expect(result?.nodeName).toBe('a');
    expect(names(result?.victims)).toEqual(['lowest', 'low']);
  });

  it('never evicts pods of equal or higher priority', () => {
    const state = cluster([makeNode('a', { cpu: '1' })], [withPriority('peer', 100, { cpu: '1', nodeName: 'a' })]);
    expect(findPreemption(withPriority('urgent', 100, { cpu: '1' }), state)).toBeUndefined();
  });

  it('does nothing for a pod whose policy is Never', () => {
    const state = cluster([makeNode('a', { cpu: '1' })], [withPriority('low', 0, { cpu: '1', nodeName: 'a' })]);
    const pod = withPriority('urgent', 100, { cpu: '1', spec: { preemptionPolicy: 'Never' } });
    expect(findPreemption(pod, state)).toBeUndefined();
  });

  it('prefers the node needing fewer victims, then the one whose victims matter least', () => {
    const state = cluster(
      [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' }), makeNode('c', { cpu: '1' })],
      [
        withPriority('a1', 0, { cpu: '500m', nodeName: 'a' }),
        withPriority('a2', 0, { cpu: '500m', nodeName: 'a' }),
        withPriority('b1', 10, { cpu: '1', nodeName: 'b' }),
        withPriority('c1', 5, { cpu: '1', nodeName: 'c' }),
      ],
    );
    const result = findPreemption(withPriority('urgent', 100, { cpu: '1' }), state);
    expect(result).toMatchObject({ nodeName: 'c' });
    expect(names(result?.victims)).toEqual(['c1']);
  });

  it('skips nodes where evictions cannot help: a taint, or a full pod count held by a higher priority', () => {
    const state = cluster(
      [makeNode('tainted', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] }), makeNode('full', { pods: '1' })],
      [withPriority('t1', 0, { nodeName: 'tainted' }), withPriority('boss', 1000, { nodeName: 'full' })],
    );
    expect(findPreemption(withPriority('urgent', 100), state)).toBeUndefined();
  });

  it('frees a host port held by a lower-priority pod', () => {
    const state = cluster([makeNode('a')], [withPriority('web', 0, { hostPort: 8080, nodeName: 'a' })]);
    expect(names(findPreemption(withPriority('urgent', 100, { hostPort: 8080 }), state)?.victims)).toEqual(['web']);
  });
});

describe('awaitingVictims', () => {
  it('is true while a chosen victim is still on the nominated node', () => {
    const low = withPriority('low', 0, { nodeName: 'a' });
    const state = cluster([makeNode('a')], [low]);
    const previous = { nodeName: 'a', victims: [low] };
    expect(awaitingVictims(previous, state)).toBe(true);
    expect(awaitingVictims(undefined, state)).toBe(false);
    state.removePod(low);
    expect(awaitingVictims(previous, state)).toBe(false);
  });
});
