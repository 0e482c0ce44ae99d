import { type Ingress, type Node, parseCidr, type Service } from '@stevedore/api';
import { allocatePool, planLoadBalancers, readyNodeAddresses } from './load-balancer-plan';

const node = (name: string, ip: string, ready = true): Node => ({
  metadata: { name },
  status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

const lb = (name: string, created: string, extra: Partial<Service['spec']> = {}, held?: string): Service => ({
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec: { type: 'LoadBalancer', ports: [{ port: 80 }], ...extra },
  ...(held ? { status: { loadBalancer: { ingress: [{ ip: held }] } } } : {}),
});

describe('load balancer plan', () => {
  const nodes = [node('b', '198.18.0.12'), node('a', '198.18.0.2'), node('c', '198.18.0.3', false)];

  it('uses the ready nodes’ addresses, in address order', () => {
    expect(readyNodeAddresses(nodes)).toEqual(['198.18.0.2', '198.18.0.12']);
  });

  it('gives node addresses to LoadBalancer Services without a class, and writes only what differs', () => {
    const services = [
      lb('web', '2026-01-01T00:00:00Z'),
      lb('other', '2026-01-01T00:00:00Z', { loadBalancerClass: 'example.com/lb' }),
      { metadata: { name: 'plain', namespace: 'default' }, spec: { type: 'ClusterIP' } },
    ];
    const plan = planLoadBalancers({ services, ingresses: [], nodes });
    expect(plan.services).toEqual([{ namespace: 'default', name: 'web', ingress: [{ ip: '198.18.0.2' }, { ip: '198.18.0.12' }] }]);
    const done = { ...services[0]!, status: { loadBalancer: { ingress: plan.services[0]!.ingress } } };
    expect(planLoadBalancers({ services: [done], ingresses: [], nodes }).services).toEqual([]);
  });

  it('hands pool addresses out once each, keeping those already held', () => {
    const pool = parseCidr('198.18.200.0/30');
    const services = [
      lb('new', '2026-01-02T00:00:00Z'),
      lb('old', '2026-01-01T00:00:00Z', {}, '198.18.200.2'),
      lb('late', '2026-01-03T00:00:00Z'),
    ];
    const got = allocatePool(services, pool);
    // A /30 has two usable addresses: the oldest keeps its own, the next gets the other, the last none.
    expect([...got]).toEqual([
      ['default/old', '198.18.200.2'],
      ['default/new', '198.18.200.1'],
    ]);
    const plan = planLoadBalancers({ services, ingresses: [], nodes, pool });
    expect(plan.services.map((s) => [s.name, s.ingress])).toEqual([['new', [{ ip: '198.18.200.1' }]]]);
  });

  it('gives served Ingresses the node addresses', () => {
    const ing: Ingress = { metadata: { name: 'web', namespace: 'default' }, spec: { defaultBackend: {} } };
    expect(planLoadBalancers({ services: [], ingresses: [ing], nodes }).ingresses).toEqual([
      { namespace: 'default', name: 'web', ingress: [{ ip: '198.18.0.2' }, { ip: '198.18.0.12' }] },
    ]);
  });
});
