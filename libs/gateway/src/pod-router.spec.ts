import type { Informer, InformerEvent } from '@stevedore/controllers';
import { Subject } from 'rxjs';
import { type NodePodChange, PodRouter } from './pod-router';

const pod = (uid: string, nodeName?: string) => ({
  metadata: { name: uid, namespace: 'default', uid },
  spec: nodeName ? { nodeName } : {},
});

function fakePods(initial: ReturnType<typeof pod>[]) {
  const events = new Subject<InformerEvent>();
  return { informer: { list: () => initial, events } as unknown as Informer, events };
}

describe('PodRouter', () => {
  it('gives each node its own pods: a snapshot, then changes, and DELETED when a pod leaves', () => {
    const pods = fakePods([pod('p1', 'a'), pod('p2', 'b')]);
    const router = new PodRouter(pods.informer);
    const { snapshot, changes } = router.follow('a');
    expect(snapshot.map((p) => p.metadata.uid)).toEqual(['p1']);
    const seen: NodePodChange[] = [];
    const sub = changes.subscribe((c) => seen.push(c));
    const unbound = pod('p3');
    pods.events.next({ type: 'ADDED', object: unbound });
    pods.events.next({ type: 'MODIFIED', object: pod('p3', 'a'), old: unbound });
    pods.events.next({ type: 'MODIFIED', object: pod('p2', 'b'), old: pod('p2', 'b') });
    pods.events.next({ type: 'DELETED', object: pod('p1', 'a'), old: pod('p1', 'a') });
    expect(seen.map((c) => `${c.type} ${c.pod.metadata.uid}`)).toEqual(['ADDED p3', 'DELETED p1']);
    expect(router.podsOn('a').map((p) => p.metadata.uid)).toEqual(['p3']);
    sub.unsubscribe();
  });

  it("leaves out changes to a pod's status alone, yet keeps the latest copy for snapshots", () => {
    const pods = fakePods([]);
    const router = new PodRouter(pods.informer);
    const seen: string[] = [];
    const sub = router
      .follow('a')
      .changes.subscribe((c) => seen.push(`${c.type} ${c.pod.status.phase} ${c.pod.metadata.labels.app} gen ${c.pod.metadata.generation}`));
    const pending = {
      metadata: { name: 'p', namespace: 'default', uid: 'p', generation: 1, labels: { app: 'x' } },
      spec: { nodeName: 'a' },
      status: { phase: 'Pending' },
    };
    const running = { ...pending, status: { phase: 'Running' } };
    const relabelled = { ...running, metadata: { ...running.metadata, labels: { app: 'y' } } };
    const newImage = { ...relabelled, metadata: { ...relabelled.metadata, generation: 2 } };
    const deleting = {
      ...newImage,
      metadata: { ...newImage.metadata, deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 },
    };
    pods.events.next({ type: 'ADDED', object: pending });
    pods.events.next({ type: 'MODIFIED', object: running, old: pending });
    expect(router.podsOn('a')[0]!.status.phase).toBe('Running');
    pods.events.next({ type: 'MODIFIED', object: relabelled, old: running });
    pods.events.next({ type: 'MODIFIED', object: newImage, old: relabelled });
    pods.events.next({ type: 'MODIFIED', object: deleting, old: newImage });
    expect(seen).toEqual(['ADDED Pending x gen 1', 'MODIFIED Running y gen 1', 'MODIFIED Running y gen 2', 'MODIFIED Running y gen 2']);
    expect(router.follow('a').snapshot[0]!.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    sub.unsubscribe();
  });

  it('serves two sessions of one node, and forgets the node once both are gone', () => {
    const pods = fakePods([]);
    const router = new PodRouter(pods.informer);
    const first: string[] = [];
    const second: string[] = [];
    const one = router.follow('a').changes.subscribe((c) => first.push(c.pod.metadata.uid));
    const two = router.follow('a').changes.subscribe((c) => second.push(c.pod.metadata.uid));
    pods.events.next({ type: 'ADDED', object: pod('p1', 'a') });
    one.unsubscribe();
    pods.events.next({ type: 'ADDED', object: pod('p2', 'a') });
    two.unsubscribe();
    const third: string[] = [];
    const three = router.follow('a').changes.subscribe((c) => third.push(c.pod.metadata.uid));
    pods.events.next({ type: 'ADDED', object: pod('p3', 'a') });
    expect([first, second, third]).toEqual([['p1'], ['p1', 'p2'], ['p3']]);
    three.unsubscribe();
  });
});
