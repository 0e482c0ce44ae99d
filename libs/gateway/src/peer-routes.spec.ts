import { Subject } from 'rxjs';
import type { Informer } from '@stevedore/controllers';
import { PeerRoutes, routeOf } from './peer-routes';

const node = (name: string, podCIDR?: string, ip?: string) => ({
  metadata: { name }, spec: podCIDR ? { podCIDR } : {}, status: { addresses: ip ? [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: ip }] : [] },
});

type NodeLike = ReturnType<typeof node>;

function fakeNodes(initial: NodeLike[]) {
  let items = initial;
  const events = new Subject<unknown>();
  const informer = { list: () => items, events } as unknown as Informer;
  return { informer, items: () => items, set: (next: NodeLike[]) => { items = next; events.next({}); } };
}

describe('PeerRoutes', () => {
  it('takes each node\'s pod range and InternalIP, skipping nodes without either', () => {
    expect(routeOf(node('a', '198.19.0.0/24', '198.18.0.11') as never)).toEqual({ nodeName: 'a', podCidr: '198.19.0.0/24', hostIp: '198.18.0.11' });
    expect(routeOf(node('b', undefined, '198.18.0.12') as never)).toBeUndefined();
    expect(routeOf(node('c', '198.19.2.0/24') as never)).toBeUndefined();
  });

  it('emits the current routes at once and then only real changes', () => {
    jest.useFakeTimers();
    const nodes = fakeNodes([node('b', '198.19.1.0/24', '198.18.0.12'), node('a', '198.19.0.0/24', '198.18.0.11')]);
    const routes = new PeerRoutes(nodes.informer);
    const seen: string[][] = [];
    const sub = routes.routes$.subscribe((list) => seen.push(list.map((r) => r.nodeName)));
    expect(seen).toEqual([['a', 'b']]);
    nodes.set([...nodes.items()]); // same routes (e.g. a condition changed): nothing sent
    jest.advanceTimersByTime(2000);
    nodes.set([...nodes.items(), node('c', '198.19.2.0/24', '198.18.0.13')]);
    jest.advanceTimersByTime(2000);
    expect(seen).toEqual([['a', 'b'], ['a', 'b', 'c']]);
    sub.unsubscribe();
    routes.close();
    jest.useRealTimers();
  });
});
