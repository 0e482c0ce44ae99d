import type { ContainerPort, Pod, Service, ServiceSpec } from '@stevedore/api';
import { endpointSubsets } from './endpoints-plan';

const service = (spec: ServiceSpec): Service => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ...spec },
});
const pod = (
  name: string,
  ip: string | undefined,
  ready: boolean,
  extra: { labels?: Record<string, string>; ports?: ContainerPort[]; phase?: string; deleting?: boolean } = {},
): Pod => ({
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    labels: extra.labels ?? { app: 'web' },
    ...(extra.deleting ? { deletionTimestamp: 'x' } : {}),
  },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i', ports: extra.ports ?? [] }] },
  status: {
    phase: extra.phase ?? 'Running',
    ...(ip ? { podIP: ip } : {}),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  },
});

describe('endpointSubsets', () => {
  it('lists selected pods with an IP, ready ones apart from the rest, sorted by IP', () => {
    const pods = [
      pod('b', '198.19.0.3', true),
      pod('a', '198.19.0.2', true),
      pod('slow', '198.19.0.4', false),
      pod('new', undefined, false),
      pod('other', '198.19.0.5', true, { labels: { app: 'db' } }),
      pod('done', '198.19.0.6', true, { phase: 'Succeeded' }),
      pod('going', '198.19.0.7', true, { deleting: true }),
    ];
    const subsets = endpointSubsets(service({ ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }), pods);
    expect(subsets).toEqual([
      {
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        addresses: [
          { ip: '198.19.0.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
          { ip: '198.19.0.3', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } },
        ],
        notReadyAddresses: [
          { ip: '198.19.0.4', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'slow', uid: 'uid-slow' } },
        ],
      },
    ]);
  });

  it('resolves named target ports per pod and groups pods by the ports they serve', () => {
    const pods = [
      pod('a', '198.19.0.2', true, { ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('b', '198.19.0.3', true, { ports: [{ name: 'web', containerPort: 9090 }] }),
      pod('c', '198.19.0.4', true),
    ];
    const subsets = endpointSubsets(service({ ports: [{ port: 80, targetPort: 'web', protocol: 'TCP' }] }), pods);
    expect(subsets.map((s) => [s.ports[0]!.port, s.addresses!.map((a) => a.ip)])).toEqual([
      [8080, ['198.19.0.2']],
      [9090, ['198.19.0.3']],
    ]);
  });

  it('selects nothing without a selector', () => {
    expect(endpointSubsets(service({ selector: undefined, ports: [{ port: 80 }] }), [pod('a', '198.19.0.2', true)])).toEqual([]);
  });
});
