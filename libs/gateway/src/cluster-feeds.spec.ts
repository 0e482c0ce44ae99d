import type { Informer } from '@stevedore/controllers';
import { Subject } from 'rxjs';
import { peerRoutes, routeOf, serviceProxiesOf } from './cluster-feeds';

const node = (name: string, podCIDR?: string, ip?: string) => ({
  metadata: { name },
  spec: podCIDR ? { podCIDR } : {},
  status: {
    addresses: ip
      ? [
          { type: 'Hostname', address: name },
          { type: 'InternalIP', address: ip },
        ]
      : [],
  },
});

type NodeLike = ReturnType<typeof node>;

function fakeNodes(initial: NodeLike[]) {
  let items = initial;
  const events = new Subject<unknown>();
  const informer = { list: () => items, events } as unknown as Informer;
  return {
    informer,
    items: () => items,
    set: (next: NodeLike[]) => {
      items = next;
      events.next({});
    },
  };
}

describe('cluster feeds', () => {
  it("takes each node's pod range and InternalIP, skipping nodes without either", () => {
    expect(routeOf(node('a', '198.19.0.0/24', '198.18.0.11') as never)).toEqual({
      nodeName: 'a',
      podCidr: '198.19.0.0/24',
      hostIp: '198.18.0.11',
    });
    expect(routeOf(node('b', undefined, '198.18.0.12') as never)).toBeUndefined();
    expect(routeOf(node('c', '198.19.2.0/24') as never)).toBeUndefined();
  });

  it('emits the current routes at once and then only real changes', () => {
    jest.useFakeTimers();
    const nodes = fakeNodes([node('b', '198.19.1.0/24', '198.18.0.12'), node('a', '198.19.0.0/24', '198.18.0.11')]);
    const routes = peerRoutes(nodes.informer);
    const seen: string[][] = [];
    const sub = routes.changes$.subscribe((list) => seen.push(list.map((r) => r.nodeName)));
    expect(seen).toEqual([['a', 'b']]);
    nodes.set([...nodes.items()]); // same routes (e.g. a condition changed): nothing sent
    jest.advanceTimersByTime(2000);
    nodes.set([...nodes.items(), node('c', '198.19.2.0/24', '198.18.0.13')]);
    jest.advanceTimersByTime(2000);
    expect(seen).toEqual([
      ['a', 'b'],
      ['a', 'b', 'c'],
    ]);
    sub.unsubscribe();
    routes.close();
    jest.useRealTimers();
  });

  it('sends a lone change at once and at most one more per second while changes keep coming', () => {
    jest.useFakeTimers();
    const nodes = fakeNodes([node('a', '198.19.0.0/24', '198.18.0.11')]);
    const routes = peerRoutes(nodes.informer);
    const seen: number[] = [];
    const sub = routes.changes$.subscribe((list) => seen.push(list.length));
    jest.advanceTimersByTime(5000);
    nodes.set([...nodes.items(), node('b', '198.19.1.0/24', '198.18.0.12')]);
    expect(seen).toEqual([1, 2]); // no timer has run: the first change after a quiet spell is not held back
    for (const name of ['c', 'd', 'e']) {
      jest.advanceTimersByTime(250);
      nodes.set([...nodes.items(), node(name, `198.19.${nodes.items().length}.0/24`, `198.18.0.${20 + nodes.items().length}`)]);
    }
    expect(seen).toEqual([1, 2]);
    jest.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 2, 5]); // the burst arrives as one update with its latest value
    sub.unsubscribe();
    routes.close();
    jest.useRealTimers();
  });

  it('turns each Service port into a proxy entry with the ready endpoints of that port', () => {
    const service = {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        type: 'NodePort',
        clusterIP: '198.18.128.5',
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', nodePort: 30001 },
          { name: 'dns', port: 53, protocol: 'UDP' },
        ],
      },
    };
    const slices = [
      {
        metadata: { name: 'web-abcde', namespace: 'default' },
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: [
          { addresses: ['198.19.1.2'], nodeName: 'n2', conditions: { ready: true } },
          { addresses: ['198.19.0.2'], nodeName: 'n1' },
          { addresses: ['198.19.2.2'], conditions: { ready: false, serving: false } },
        ],
      },
    ];
    expect(serviceProxiesOf(service as never, slices as never)).toEqual([
      {
        name: 'default/web:http',
        clusterIp: '198.18.128.5',
        port: 80,
        protocol: 'TCP',
        nodePort: 30001,
        loadBalancerIps: [],
        endpoints: [
          { ip: '198.19.0.2', port: 8080, nodeName: 'n1' },
          { ip: '198.19.1.2', port: 8080, nodeName: 'n2' },
        ],
        affinitySeconds: 0,
        externalLocal: false,
        internalLocal: false,
      },
      {
        name: 'default/web:dns',
        clusterIp: '198.18.128.5',
        port: 53,
        protocol: 'UDP',
        nodePort: 0,
        loadBalancerIps: [],
        endpoints: [],
        affinitySeconds: 0,
        externalLocal: false,
        internalLocal: false,
      },
    ]);
    const lb = {
      ...service,
      spec: { ...service.spec, type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ ip: '198.18.0.2' }] } },
    };
    expect(serviceProxiesOf(lb as never, slices as never)[0]!.loadBalancerIps).toEqual(['198.18.0.2']);
    expect(serviceProxiesOf({ ...service, spec: { ...service.spec, clusterIP: 'None' } } as never, slices as never)).toEqual([]);
  });

  it('falls back to serving endpoints that terminate when none is ready', () => {
    const service = { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '198.18.128.5', ports: [{ port: 80 }] } };
    const slice = (conditions: object) => ({
      metadata: { name: 'web-x', namespace: 'default' },
      ports: [{ name: '', port: 8080, protocol: 'TCP' }],
      endpoints: [{ addresses: ['198.19.0.2'], conditions }],
    });
    const targets = (conditions: object) => serviceProxiesOf(service as never, [slice(conditions)] as never)[0]!.endpoints;
    expect(targets({ ready: false, serving: true, terminating: true })).toEqual([{ ip: '198.19.0.2', port: 8080, nodeName: '' }]);
    expect(targets({ ready: false, serving: false, terminating: true })).toEqual([]);
    expect(targets({ ready: false, serving: true, terminating: false })).toEqual([]);
  });

  it('carries ClientIP affinity (three hours unless the Service says otherwise) and the Local traffic policies', () => {
    const service = (spec: object) =>
      serviceProxiesOf(
        { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '198.18.128.5', ports: [{ port: 80 }], ...spec } } as never,
        [],
      );
    expect(service({ sessionAffinity: 'ClientIP' })[0]).toMatchObject({
      affinitySeconds: 10800,
      externalLocal: false,
      internalLocal: false,
    });
    expect(service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })[0]!.affinitySeconds).toBe(
      60,
    );
    expect(service({ type: 'NodePort', externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local' })[0]).toMatchObject({
      affinitySeconds: 0,
      externalLocal: true,
      internalLocal: true,
    });
    // externalTrafficPolicy means nothing without a node port.
    expect(service({ externalTrafficPolicy: 'Local' })[0]!.externalLocal).toBe(false);
  });
});
