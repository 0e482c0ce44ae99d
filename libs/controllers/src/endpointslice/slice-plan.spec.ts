import type { Endpoint, EndpointSlice, Pod, Service } from '@stevedore/api';
import { sliceContentsFromEndpoints, sliceContentsFromPods } from './slice-contents';
import { MAX_ENDPOINTS_PER_SLICE, planSlices } from './slice-plan';

const service = (extra: Partial<Service['spec']> = {}): Service => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...extra },
});

function pod(name: string, ip: string, opts: { ready?: boolean; deleting?: boolean; hostname?: string; subdomain?: string } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(opts.deleting ? { deletionTimestamp: 'x' } : {}),
    },
    spec: { nodeName: 'n1', hostname: opts.hostname, subdomain: opts.subdomain, containers: [{ name: 'c', image: 'i' }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

const slice = (name: string, endpoints: Endpoint[], ports = [{ name: 'http', port: 8080, protocol: 'TCP' }]): EndpointSlice => ({
  metadata: { name },
  addressType: 'IPv4',
  ports,
  endpoints,
});

describe('slice contents', () => {
  it("gives each pod Kubernetes' ready, serving and terminating conditions", () => {
    const [group] = sliceContentsFromPods(service(), [
      pod('b', '198.19.0.3'),
      pod('a', '198.19.0.2', { ready: false }),
      pod('c', '198.19.0.4', { deleting: true }),
    ]);
    expect(group!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(group!.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['198.19.0.2', { ready: false, serving: false, terminating: false }],
      ['198.19.0.3', { ready: true, serving: true, terminating: false }],
      ['198.19.0.4', { ready: false, serving: true, terminating: true }],
    ]);
  });

  it('names a pod by its hostname only under the Service its subdomain names', () => {
    const [group] = sliceContentsFromPods(service({ clusterIP: 'None' }), [
      pod('web-0', '198.19.0.2', { hostname: 'web-0', subdomain: 'web' }),
      pod('web-1', '198.19.0.3', { hostname: 'web-1', subdomain: 'other' }),
    ]);
    expect(group!.endpoints.map((e) => e.hostname)).toEqual(['web-0', undefined]);
  });

  it('mirrors user-written Endpoints, ready and not ready', () => {
    const [group] = sliceContentsFromEndpoints({
      metadata: { name: 'ext' },
      subsets: [{ addresses: [{ ip: '198.18.0.9' }], notReadyAddresses: [{ ip: '198.18.0.8' }], ports: [{ port: 5432 }] }],
    });
    expect(group).toEqual({
      ports: [{ name: '', port: 5432, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['198.18.0.8'], conditions: { ready: false } },
        { addresses: ['198.18.0.9'], conditions: { ready: true } },
      ],
    });
  });
});

describe('planSlices', () => {
  const labelsOk = () => true;
  const endpoint = (i: number): Endpoint => ({
    addresses: [`198.19.${Math.floor(i / 250)}.${(i % 250) + 1}`],
    conditions: { ready: true },
  });
  const ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];

  it('cuts endpoints into slices of a hundred', () => {
    const endpoints = Array.from({ length: 250 }, (_, i) => endpoint(i));
    const plan = planSlices([{ ports, endpoints }], [], labelsOk);
    expect(plan.create.map((c) => c.endpoints.length)).toEqual([MAX_ENDPOINTS_PER_SLICE, MAX_ENDPOINTS_PER_SLICE, 50]);
  });

  it('leaves a slice that already holds its piece and rewrites only the changed one', () => {
    const endpoints = Array.from({ length: 150 }, (_, i) => endpoint(i));
    const first = slice('web-aaaaa', endpoints.slice(0, 100));
    const second = slice('web-bbbbb', endpoints.slice(100, 149));
    const plan = planSlices([{ ports, endpoints }], [second, first], labelsOk);
    expect(plan.create).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.update.map((u) => [u.slice.metadata.name, u.contents.endpoints.length])).toEqual([['web-bbbbb', 50]]);
  });

  it('keeps one empty slice for a Service without endpoints and removes the rest', () => {
    const plan = planSlices([], [slice('web-b', [endpoint(1)]), slice('web-a', [endpoint(2)])], labelsOk);
    expect(plan.update.map((u) => [u.slice.metadata.name, u.contents])).toEqual([['web-a', { ports: [], endpoints: [] }]]);
    expect(plan.remove.map((s) => s.metadata.name)).toEqual(['web-b']);
  });

  it('rewrites a slice whose labels are out of date even when its endpoints are right', () => {
    const plan = planSlices([{ ports, endpoints: [endpoint(0)] }], [slice('web-a', [endpoint(0)])], () => false);
    expect(plan.update.map((u) => u.slice.metadata.name)).toEqual(['web-a']);
  });
});
