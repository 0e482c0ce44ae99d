import { ClusterState } from './cluster-state';
import { DEFAULT_PLUGINS } from './plugins/registry';
import { feasibleNodesToFind, Scheduler } from './scheduler';
import { makeNode, makePod } from './testing';

function cluster(...nodes: ReturnType<typeof makeNode>[]): ClusterState {
  const state = new ClusterState();
  nodes.forEach((n) => state.upsertNode(n));
  return state;
}

describe('Scheduler', () => {
  it('explains per node class why nothing fits', () => {
    const state = cluster(
      makeNode('a', { memory: '1Gi' }),
      makeNode('b', { memory: '1Gi' }),
      makeNode('c', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    );
    const result = new Scheduler().schedule(makePod('big', { memory: '2Gi' }), state);
    expect(result).toEqual({
      outcome: 'Unschedulable',
      message: '0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {dedicated: gpu}.',
      reasons: { 'Insufficient memory': 2, 'node(s) had untolerated taint {dedicated: gpu}': 1 },
    });
  });

  it('counts assumed pods so one node is not overbooked', () => {
    const state = cluster(makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' }));
    const scheduler = new Scheduler();
    const placed = ['p1', 'p2', 'p3'].map((name) => {
      const pod = makePod(name, { cpu: '600m' });
      const r = scheduler.schedule(pod, state);
      if (r.outcome === 'Scheduled') state.assume(pod, r.nodeName);
      return r.outcome === 'Scheduled' ? r.nodeName : r.message;
    });
    expect(placed.slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(placed[2]).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    state.removePod(makePod('p1'));
    expect(scheduler.schedule(makePod('p4', { cpu: '600m' }), state).outcome).toBe('Scheduled');
  });

  it('honours nodeSelector, required node affinity, tolerations, cordons and readiness', () => {
    const state = cluster(
      makeNode('ssd', { labels: { disk: 'ssd', zone: 'z1' } }),
      makeNode('hdd', { labels: { disk: 'hdd', zone: 'z2' } }),
      makeNode('cordoned', { labels: { disk: 'ssd' }, unschedulable: true }),
      makeNode('down', { labels: { disk: 'ssd' }, ready: false }),
      makeNode('tainted', { labels: { disk: 'ssd' }, taints: [{ key: 'k', effect: 'NoExecute' }] }),
    );
    const s = new Scheduler();
    const bySelector = s.schedule(makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } }), state);
    expect(bySelector).toMatchObject({ outcome: 'Scheduled', nodeName: 'ssd' });
    const byAffinity = s.schedule(
      makePod('q', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }],
              },
            },
          },
        },
      }),
      state,
    );
    expect(byAffinity).toMatchObject({ outcome: 'Scheduled', nodeName: 'hdd' });
    const tolerant = s.schedule(
      makePod('r', {
        spec: {
          nodeSelector: { disk: 'ssd' },
          tolerations: [{ key: 'k', operator: 'Exists' }],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['tainted'] }] }],
              },
            },
          },
        },
      }),
      state,
    );
    expect(tolerant).toMatchObject({ outcome: 'Scheduled', nodeName: 'tainted' });
  });

  it('follows a node that turns not ready and ready again', () => {
    const state = cluster(makeNode('a'));
    const s = new Scheduler();
    state.upsertNode(makeNode('a', { ready: false }));
    expect(s.schedule(makePod('p'), state)).toMatchObject({
      outcome: 'Unschedulable',
      message: '0/1 nodes are available: 1 node(s) were not ready.',
    });
    state.upsertNode(makeNode('a'));
    expect(s.schedule(makePod('p'), state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'a' });
  });

  it('honours a pinned nodeName and hostPort conflicts', () => {
    const state = cluster(makeNode('a'), makeNode('b'));
    state.upsertPod(makePod('web', { nodeName: 'a', hostPort: 8080 }));
    const s = new Scheduler();
    expect(s.schedule(makePod('pinned', { nodeName: 'b' }), state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'b' });
    for (let i = 0; i < 4; i++) {
      expect(s.schedule(makePod(`w${i}`, { hostPort: 8080 }), state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'b' });
    }
  });

  it('spreads the pods of one owner and prefers emptier nodes', () => {
    const state = cluster(makeNode('a'), makeNode('b'), makeNode('c'));
    const s = new Scheduler();
    const counts: Record<string, number> = {};
    for (let i = 0; i < 6; i++) {
      const pod = makePod(`rs-${i}`, { owner: 'rs-1', cpu: '100m' });
      const r = s.schedule(pod, state);
      if (r.outcome !== 'Scheduled') throw new Error(r.message);
      state.assume(pod, r.nodeName);
      counts[r.nodeName] = (counts[r.nodeName] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 2, b: 2, c: 2 });
  });

  it('examines a bounded share of a large cluster', () => {
    expect(feasibleNodesToFind(50)).toBe(50);
    expect(feasibleNodesToFind(5000)).toBe(500);
    const state = new ClusterState();
    for (let i = 0; i < 5000; i++) state.upsertNode(makeNode(`n${String(i).padStart(4, '0')}`));
    const r = new Scheduler().schedule(makePod('p'), state);
    expect(r).toMatchObject({ outcome: 'Scheduled', feasibleNodes: 500, evaluatedNodes: 500 });
  });

  // A plugin skipped for a pod must be one that would have passed (or scored alike) every node.
  it('skips a plugin for a pod only where it would have passed every node, or scored them all alike', () => {
    const state = cluster(
      makeNode('plain'),
      makeNode('ssd', { labels: { disk: 'ssd' } }),
      makeNode('cordoned', { unschedulable: true }),
      makeNode('tainted', {
        taints: [
          { key: 'k', effect: 'NoSchedule' },
          { key: 'p', effect: 'PreferNoSchedule' },
        ],
      }),
    );
    state.upsertPod(makePod('web', { nodeName: 'plain', hostPort: 8080, owner: 'rs' }));
    const pods = [
      makePod('bare'),
      makePod('owned', { owner: 'rs' }),
      makePod('port', { hostPort: 8080 }),
      makePod('pinned', { nodeName: 'ssd' }),
      makePod('selector', { spec: { nodeSelector: { disk: 'ssd' } } }),
      makePod('preferring', {
        spec: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
              ],
            },
          },
        },
      }),
    ];
    let skipped = 0;
    for (const pod of pods) {
      for (const f of DEFAULT_PLUGINS.filters.filter((p) => p.appliesTo && !p.appliesTo(pod))) {
        skipped++;
        for (const node of state.nodes)
          expect([f.name, pod.metadata.name, f.filter(pod, node)]).toEqual([f.name, pod.metadata.name, undefined]);
      }
      for (const sc of DEFAULT_PLUGINS.scores.filter((p) => p.appliesTo && !p.appliesTo(pod))) {
        skipped++;
        expect(new Set(state.nodes.map((node) => sc.score(pod, node, state))).size).toBe(1);
      }
    }
    expect(skipped).toBeGreaterThan(pods.length);
    // And where they apply, they still decide: the port taken on 'plain', the selector.
    expect(new Scheduler().schedule(pods[2]!, state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'ssd' });
    expect(new Scheduler().schedule(pods[4]!, state)).toMatchObject({ outcome: 'Scheduled', nodeName: 'ssd' });
  });
});
