import type { Pod, PodDisruptionBudget } from '@stevedore/api';
import { ClusterState } from './cluster-state';
import { awaitingVictims, candidatesToFind, findPreemption } from './preemption';
import { Scheduler } from './scheduler';
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

  it('prefers the node whose most important victim matters least, then the lowest priority sum, then fewer victims', () => {
    const state = cluster(
      [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' }), makeNode('c', { cpu: '1' })],
      [
        withPriority('a1', 0, { cpu: '500m', nodeName: 'a' }),
        withPriority('a2', 0, { cpu: '500m', nodeName: 'a' }),
        withPriority('b1', 10, { cpu: '1', nodeName: 'b' }),
        withPriority('c1', 5, { cpu: '1', nodeName: 'c' }),
      ],
    );
    // Two pods of priority 0 go before one of priority 5, as kube-scheduler chooses.
    const result = findPreemption(withPriority('urgent', 100, { cpu: '1' }), state);
    expect(result).toMatchObject({ nodeName: 'a', budgetViolations: 0 });
    expect(names(result?.victims)).toEqual(['a1', 'a2']);
    state.removePod(state.get('a')!.pods.get('default/a2')!);
    state.upsertPod(withPriority('a2', 5, { cpu: '500m', nodeName: 'a' }));
    // Now a's top victim ties with c's: a costs 0 + 5 against c's 5, but shifted into int32's positive range each victim adds 2^31.
    expect(findPreemption(withPriority('urgent', 100, { cpu: '1' }), state)?.nodeName).toBe('c');
  });

  it('between otherwise equal nodes, evicts the pods that started last', () => {
    const started = (name: string, node: string, startTime: string) =>
      ({ ...withPriority(name, 0, { cpu: '1', nodeName: node }), status: { startTime } }) as Pod;
    const state = cluster(
      [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' })],
      [started('old', 'a', '2026-01-01T00:00:00Z'), started('new', 'b', '2026-01-01T01:00:00Z')],
    );
    expect(findPreemption(withPriority('urgent', 100, { cpu: '1' }), state)?.nodeName).toBe('b');
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
  it('looks for candidates on a tenth of a large cluster, at least 100 nodes, from where it is told to start', () => {
    expect([50, 500, 5000].map(candidatesToFind)).toEqual([50, 100, 500]);
    const nodes = Array.from({ length: 120 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`, { cpu: '1' }));
    const pods = nodes.map((n, i) => withPriority(`p${i}`, i === 110 ? 1 : 50, { cpu: '1', nodeName: n.metadata.name }));
    const state = cluster(nodes, pods);
    const urgent = withPriority('urgent', 100, { cpu: '1' });
    expect(findPreemption(urgent, state)?.nodeName).toBe('n000');
    expect(findPreemption(urgent, state, { startAt: 100 })?.nodeName).toBe('n110');
  });
});

describe('findPreemption with PodDisruptionBudgets', () => {
  const labelled = (pod: Pod, app: string): Pod => ({ ...pod, metadata: { ...pod.metadata, labels: { app } } });
  const budget = (app: string, disruptionsAllowed: number, disruptedPods?: Record<string, string>): PodDisruptionBudget => ({
    metadata: { name: `${app}-pdb`, namespace: 'default' },
    spec: { minAvailable: 1, selector: { matchLabels: { app } } },
    status: { disruptionsAllowed, disruptedPods, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
  });

  it('reprieves a pod its budget protects and evicts an unprotected one instead, even of higher priority', () => {
    const state = cluster(
      [makeNode('a', { cpu: '1' })],
      [labelled(withPriority('guarded', 0, { cpu: '500m', nodeName: 'a' }), 'db'), withPriority('free', 5, { cpu: '500m', nodeName: 'a' })],
    );
    const urgent = withPriority('urgent', 100, { cpu: '500m' });
    expect(names(findPreemption(urgent, state)?.victims)).toEqual(['guarded']);
    const result = findPreemption(urgent, state, { budgets: [budget('db', 0)] });
    expect(result).toMatchObject({ nodeName: 'a', budgetViolations: 0 });
    expect(names(result?.victims)).toEqual(['free']);
  });

  it('spends a budget on the victims it covers, and preempts against it only when nothing else makes room', () => {
    const web = (name: string) => labelled(withPriority(name, 0, { cpu: '500m', nodeName: 'a' }), 'web');
    const state = cluster([makeNode('a', { cpu: '1' })], [web('web-1'), web('web-2')]);
    const result = findPreemption(withPriority('urgent', 100, { cpu: '1' }), state, { budgets: [budget('web', 1)] });
    expect(names(result?.victims)?.sort()).toEqual(['web-1', 'web-2']);
    expect(result?.budgetViolations).toBe(1);
  });

  it('does not spend a budget twice on a pod whose eviction it already counts', () => {
    const state = cluster([makeNode('a', { cpu: '1' })], [labelled(withPriority('leaving', 0, { cpu: '1', nodeName: 'a' }), 'db')]);
    const budgets = [budget('db', 0, { leaving: '2026-01-01T00:00:00Z' })];
    expect(findPreemption(withPriority('urgent', 100, { cpu: '1' }), state, { budgets })?.budgetViolations).toBe(0);
  });

  it('prefers the node with the fewest budget violations over one with less important victims', () => {
    const state = cluster(
      [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' })],
      [labelled(withPriority('db-1', 0, { cpu: '1', nodeName: 'a' }), 'db'), withPriority('batch', 50, { cpu: '1', nodeName: 'b' })],
    );
    const elsewhere = { ...budget('db', 0), metadata: { name: 'db-pdb', namespace: 'other' } };
    const urgent = withPriority('urgent', 100, { cpu: '1' });
    expect(findPreemption(urgent, state, { budgets: [elsewhere] })?.nodeName).toBe('a');
    const result = findPreemption(urgent, state, { budgets: [budget('db', 0)] });
    expect(result).toMatchObject({ nodeName: 'b', budgetViolations: 0 });
    expect(names(result?.victims)).toEqual(['batch']);
  });
});

describe('awaitingVictims', () => {
  it('is true while a chosen victim is still on the nominated node', () => {
    const low = withPriority('low', 0, { nodeName: 'a' });
    const state = cluster([makeNode('a')], [low]);
    const previous = { nodeName: 'a', victims: [low], budgetViolations: 0 };
    expect(awaitingVictims(previous, state)).toBe(true);
    expect(awaitingVictims(undefined, state)).toBe(false);
    state.removePod(low);
    expect(awaitingVictims(previous, state)).toBe(false);
  });
});

describe('nominated pods', () => {
  const twoVictims = () =>
    cluster(
      [makeNode('a', { cpu: '2' })],
      [withPriority('v1', 0, { cpu: '1', nodeName: 'a' }), withPriority('v2', 0, { cpu: '1', nodeName: 'a' })],
    );

  it('keep the room their victims leave from another preemptor, which must make room of its own', () => {
    const state = twoVictims();
    const first = withPriority('first', 100, { cpu: '1' });
    const second = withPriority('second', 100, { cpu: '1' });
    expect(findPreemption(second, state)?.victims).toHaveLength(1);
    state.nominate(first, 'a');
    // Both victims go: the one "first" chose is terminating already, the other makes room for "second".
    expect(names(findPreemption(second, state)?.victims)?.sort()).toEqual(['v1', 'v2']);
    state.clearNomination(first);
    expect(findPreemption(second, state)?.victims).toHaveLength(1);
  });

  it('keep freed room from pods of no higher priority, but not from the nominee itself or a more important pod', () => {
    const state = cluster([makeNode('a', { cpu: '1' })], []);
    const nominee = withPriority('nominee', 100, { cpu: '1' });
    state.nominate(nominee, 'a');
    const scheduler = new Scheduler();
    expect(scheduler.schedule(withPriority('peer', 100, { cpu: '1' }), state)).toMatchObject({ outcome: 'Unschedulable' });
    expect(scheduler.schedule(nominee, state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'a' });
    expect(scheduler.schedule(withPriority('boss', 1000, { cpu: '1' }), state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'a' });
    expect(state.nominatedOn('a')).toEqual([nominee]);
  });
});
