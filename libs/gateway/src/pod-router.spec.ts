import { Subject } from 'rxjs';
import type { Informer, InformerEvent } from '@stevedore/controllers';
import { NodePodChange, PodRouter } from './pod-router';

const pod = (uid: string, nodeName?: string) => ({ metadata: { name: uid, namespace: 'default', uid }, spec: nodeName ? { nodeName } : {} });

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
