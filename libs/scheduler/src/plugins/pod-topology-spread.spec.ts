import type { Pod, TopologySpreadConstraint } from '@stevedore/api';
import { ClusterState } from '../cluster-state';
import { Scheduler } from '../scheduler';
import { makeNode, makePod } from '../testing';

const ZONE = 'topology.kubernetes.io/zone';

const spread = (name: string, constraint: Partial<TopologySpreadConstraint>, labels = { app: 'web' }): Pod => {
  const pod = makePod(name, {
    spec: {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: ZONE,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'web' } },
          ...constraint,
        },
      ],
    },
  });
  return { ...pod, metadata: { ...pod.metadata, labels } };
};

/** Nodes a1, a2 in zone a; b1 in zone b; and `extra` more. */
function zones(...extra: ReturnType<typeof makeNode>[]): ClusterState {
  const state = new ClusterState();
  for (const [name, zone] of [
    ['a1', 'a'],
    ['a2', 'a'],
    ['b1', 'b'],
  ] as const)
    state.upsertNode(makeNode(name, { labels: { [ZONE]: zone } }));
  for (const node of extra) state.upsertNode(node);
  return state;
}

/** Schedules and assumes each pod in turn; returns the zone of each. */
function placeAll(state: ClusterState, pods: Pod[]): string[] {
  const scheduler = new Scheduler();
  return pods.map((pod) => {
    const r = scheduler.schedule(pod, state);
    if (r.outcome !== 'Scheduled') return r.message;
    state.assume(pod, r.nodeName);
    return state.get(r.nodeName)!.node.metadata.labels![ZONE]!;
  });
}

describe('PodTopologySpread', () => {
  it('alternates zones with maxSkew 1 though one zone has twice the nodes', () => {
    const zonesOf = placeAll(
      zones(),
      [0, 1, 2, 3, 4, 5].map((i) => spread(`web-${i}`, {})),
    );
    expect(zonesOf.filter((z) => z === 'a').length).toBe(3);
    expect(zonesOf.filter((z) => z === 'b').length).toBe(3);
  });

  it('refuses a pod that would break the skew, and a node without the topology label', () => {
    const state = zones(makeNode('nolabel'));
    // Zone b cordoned: the pods can only go to zone a, which the skew allows once.
    state.upsertNode(makeNode('b1', { labels: { [ZONE]: 'b' }, unschedulable: true }));
    expect(placeAll(state, [spread('w0', {}), spread('w1', {})])).toEqual([
      'a',
      "0/4 nodes are available: 2 node(s) didn't match pod topology spread constraints, 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) were unschedulable.",
    ]);
  });

  it("counts only the pods the selector picks in the pod's namespace", () => {
    const state = zones();
    for (let i = 0; i < 3; i++) {
      const other = makePod(`db-${i}`, { nodeName: 'b1' });
      state.upsertPod({ ...other, metadata: { ...other.metadata, labels: { app: 'db' } } });
      const elsewhere = makePod(`web-x${i}`, { nodeName: 'b1' });
      state.upsertPod({ ...elsewhere, metadata: { ...elsewhere.metadata, namespace: 'other', labels: { app: 'web' } } });
    }
    expect(placeAll(state, [spread('w0', {}), spread('w1', {})]).sort()).toEqual(['a', 'b']);
  });

  it('treats missing domains as empty below minDomains', () => {
    // Two zones exist, minDomains 3: the global minimum is 0, so each zone takes at most maxSkew pods.
    const state = zones();
    expect(
      placeAll(
        state,
        [0, 1, 2].map((i) => spread(`w${i}`, { minDomains: 3 })),
      ),
    ).toEqual([expect.any(String), expect.any(String), "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints."]);
  });

  it('prefers the emptier zone with ScheduleAnyway but never refuses', () => {
    const state = zones();
    const zonesOf = placeAll(
      state,
      [0, 1, 2, 3].map((i) => spread(`w${i}`, { whenUnsatisfiable: 'ScheduleAnyway' })),
    );
    expect(zonesOf.sort()).toEqual(['a', 'a', 'b', 'b']);
    state.upsertNode(makeNode('a1', { labels: { [ZONE]: 'a' }, unschedulable: true }));
    state.upsertNode(makeNode('a2', { labels: { [ZONE]: 'a' }, unschedulable: true }));
    expect(placeAll(state, [spread('w9', { whenUnsatisfiable: 'ScheduleAnyway' })])).toEqual(['b']);
  });
});
