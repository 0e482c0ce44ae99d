import type { Pod, PodAffinityTerm } from '@stevedore/api';
import { ClusterState } from '../cluster-state';
import { findPreemption } from '../preemption';
import { Scheduler } from '../scheduler';
import { makeNode, makePod } from '../testing';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

function labelled(pod: Pod, labels: Record<string, string>, namespace = 'default'): Pod {
  return { ...pod, metadata: { ...pod.metadata, labels, namespace } };
}
const term = (app: string, topologyKey = HOST, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});
const withAffinity = (name: string, labels: Record<string, string>, affinity: Pod['spec']['affinity']) =>
  labelled(makePod(name, { spec: { affinity } }), labels);

/** Three nodes: a and b in zone 1, c in zone 2. */
function threeNodes(): ClusterState {
  const state = new ClusterState();
  state.upsertNode(makeNode('a', { labels: { [ZONE]: 'z1' } }));
  state.upsertNode(makeNode('b', { labels: { [ZONE]: 'z1' } }));
  state.upsertNode(makeNode('c', { labels: { [ZONE]: 'z2' } }));
  return state;
}
const place = (state: ClusterState, pod: Pod, nodeName: string) => state.upsertPod({ ...pod, spec: { ...pod.spec, nodeName } });
const decide = (state: ClusterState, pod: Pod) => {
  const r = new Scheduler().schedule(pod, state);
  return r.outcome === 'Scheduled' ? r.nodeName : r.message;
};

describe('InterPodAffinity', () => {
  it('keeps replicas with required anti-affinity on separate hosts, and says why the fourth cannot go', () => {
    const state = threeNodes();
    const replica = (i: number) =>
      withAffinity(`web-${i}`, { app: 'web' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } });
    const hosts = [0, 1, 2].map((i) => {
      const node = decide(state, replica(i));
      place(state, replica(i), node);
      return node;
    });
    expect(hosts.sort()).toEqual(['a', 'b', 'c']);
    expect(decide(state, replica(3))).toBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
  });

  it('keeps a newcomer out of the domain of a placed pod whose anti-affinity names it', () => {
    const state = threeNodes();
    place(
      state,
      withAffinity('loner', { app: 'loner' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } }),
      'a',
    );
    const web = labelled(makePod('web'), { app: 'web' });
    expect(decide(state, web)).toBe('c');
    // The rule is the placed pod's: a pod it does not name may go beside it.
    expect(new Scheduler().schedule(labelled(makePod('db'), { app: 'db' }), state).outcome).toBe('Scheduled');
  });

  it('puts a pod in the zone of the pods its required affinity names', () => {
    const state = threeNodes();
    place(state, labelled(makePod('cache'), { app: 'cache' }), 'c');
    const web = withAffinity(
      'web',
      { app: 'web' },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache', ZONE)] } },
    );
    expect(decide(state, web)).toBe('c');
    state.removePod(labelled(makePod('cache'), { app: 'cache' }));
    place(state, labelled(makePod('cache'), { app: 'cache' }), 'a');
    expect(['a', 'b']).toContain(decide(state, web));
  });

  it('lets the first pod of a group that names itself start anywhere, and refuses a pod whose peers are absent', () => {
    const state = threeNodes();
    const first = withAffinity(
      'first',
      { app: 'group' },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('group', ZONE)] } },
    );
    expect(new Scheduler().schedule(first, state).outcome).toBe('Scheduled');
    const follower = withAffinity(
      'f',
      { app: 'other' },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('group', ZONE)] } },
    );
    expect(decide(state, follower)).toBe("0/3 nodes are available: 3 node(s) didn't match pod affinity rules.");
  });

  it("reads term namespaces: the pod's own by default, listed ones, and a namespaceSelector", () => {
    const state = threeNodes();
    state.namespaceLabels = (ns): Record<string, string> => (ns === 'team-a' ? { team: 'a' } : {});
    place(state, labelled(makePod('db'), { app: 'db' }, 'team-a'), 'a');
    const anti = (extra: Partial<PodAffinityTerm>) =>
      withAffinity(
        'web',
        { app: 'web' },
        { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', HOST, extra)] } },
      );
    const placedOn = (pod: Pod) => {
      const nodes = new Set<string>();
      for (let i = 0; i < 6; i++) nodes.add(decide(state, pod));
      return nodes;
    };
    expect(placedOn(anti({})).has('a')).toBe(true);
    expect(placedOn(anti({ namespaces: ['team-a'] })).has('a')).toBe(false);
    expect(placedOn(anti({ namespaceSelector: { matchLabels: { team: 'a' } } })).has('a')).toBe(false);
    expect(placedOn(anti({ namespaceSelector: {} })).has('a')).toBe(false);
  });

  it('prefers the zone of pods named by a preferred term, and avoids those of a preferred anti-affinity', () => {
    const state = threeNodes();
    place(state, labelled(makePod('cache'), { app: 'cache' }), 'c');
    const near = withAffinity(
      'near',
      { app: 'web' },
      {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term('cache', ZONE) }] },
      },
    );
    const far = withAffinity(
      'far',
      { app: 'web' },
      {
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term('cache', ZONE) }] },
      },
    );
    for (let i = 0; i < 3; i++) {
      expect(decide(state, near)).toBe('c');
      expect(['a', 'b']).toContain(decide(state, far));
    }
  });

  it('preempts a lower-priority pod in the way of a required anti-affinity on its host', () => {
    const state = new ClusterState();
    state.upsertNode(makeNode('a'));
    const low = labelled(makePod('low', { spec: { priority: 0 } }), { app: 'db' });
    place(state, low, 'a');
    const high = withAffinity(
      'high',
      { app: 'web' },
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } },
    );
    const urgent = { ...high, spec: { ...high.spec, priority: 1000 } };
    expect(decide(state, urgent)).toBe("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
    expect(findPreemption(urgent, state)?.victims.map((p) => p.metadata.name)).toEqual(['low']);
  });
});
