import type { Namespace, NetworkPolicy, NetworkPolicySpec, Pod } from '@stevedore/api';
import { type PolicyInputs, policyTargetsByNode } from './network-policy-rules';

const pod = (
  name: string,
  ip: string,
  labels: Record<string, string>,
  opts: { ns?: string; node?: string; ports?: [string, number][] } = {},
): Pod => ({
  metadata: { name, namespace: opts.ns ?? 'default', labels },
  spec: {
    nodeName: opts.node ?? 'n1',
    containers: [{ name: 'c', image: 'i', ports: (opts.ports ?? []).map(([n, p]) => ({ name: n, containerPort: p })) }],
  },
  status: { phase: 'Running', podIP: ip },
});
const policy = (name: string, spec: NetworkPolicySpec, ns = 'default'): NetworkPolicy => ({
  metadata: { name, namespace: ns },
  spec: { policyTypes: spec.egress && !spec.ingress ? ['Egress'] : ['Ingress'], ...spec },
});
const namespace = (name: string, labels: Record<string, string> = {}): Namespace => ({ metadata: { name, labels } });

const web = pod('web', '198.19.0.2', { app: 'web' }, { ports: [['http', 8080]] });
const client = pod('client', '198.19.0.3', { role: 'client' });
const other = pod('other', '198.19.1.4', { role: 'other' }, { node: 'n2' });
const prodClient = pod('prod-client', '198.19.1.5', { role: 'client' }, { ns: 'prod', node: 'n2' });

function rules(inputs: Partial<PolicyInputs>) {
  return policyTargetsByNode({
    pods: [web, client, other, prodClient],
    namespaces: [namespace('default'), namespace('prod', { env: 'prod' })],
    policies: [],
    ...inputs,
  });
}

describe('NetworkPolicy rules per node', () => {
  it('leaves pods alone while no policy selects them', () => {
    expect(rules({}).size).toBe(0);
    const only = rules({ policies: [policy('p', { podSelector: { matchLabels: { app: 'web' } } })] });
    expect([...only.keys()]).toEqual(['n1']);
    expect(only.get('n1')!.map((t) => t.name)).toEqual(['default/web']);
  });

  it('isolates every pod of the namespace under a default-deny with nothing allowed', () => {
    const n1 = rules({ policies: [policy('deny', { podSelector: {} })] }).get('n1')!;
    expect(n1).toEqual([
      { podIp: '198.19.0.2', name: 'default/web', ingressIsolated: true, egressIsolated: false, ingress: [], egress: [] },
      { podIp: '198.19.0.3', name: 'default/client', ingressIsolated: true, egressIsolated: false, ingress: [], egress: [] },
    ]);
    // prod's pod is not in the policy's namespace.
    expect(
      rules({ policies: [policy('deny', { podSelector: {} })] })
        .get('n2')!
        .map((t) => t.name),
    ).toEqual(['default/other']);
  });

  it('adds up the policies that select a pod, resolving pod selectors to addresses and named ports on the pod itself', () => {
    const n1 = rules({
      policies: [
        policy('deny', { podSelector: {} }),
        policy('clients', {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
        }),
        policy('from-prod', {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { role: 'client' } } }] }],
        }),
      ],
    }).get('n1')!;
    expect(n1[0]!.ingress).toEqual([
      { cidr: '198.19.0.3/32', except: [], ports: [{ protocol: 'TCP', port: 8080, endPort: 0 }] },
      { cidr: '198.19.1.5/32', except: [], ports: [] },
    ]);
  });

  it('selects namespaces by their name label, and a named port the pod lacks allows nothing', () => {
    const n1 = rules({
      policies: [
        policy('by-name', {
          podSelector: { matchLabels: { role: 'client' } },
          ingress: [
            { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'prod' } } }] },
            { ports: [{ protocol: 'TCP', port: 'http' }] },
          ],
        }),
      ],
    }).get('n1')!;
    expect(n1).toEqual([
      {
        podIp: '198.19.0.3',
        name: 'default/client',
        ingressIsolated: true,
        egressIsolated: false,
        ingress: [{ cidr: '198.19.1.5/32', except: [], ports: [] }],
        egress: [],
      },
    ]);
  });

  it('turns egress rules into destination ranges with their exceptions, port ranges, and named ports per destination pod', () => {
    const n1 = rules({
      policies: [
        policy('out', {
          podSelector: { matchLabels: { role: 'client' } },
          egress: [
            {
              to: [{ ipBlock: { cidr: '198.19.0.0/16', except: ['198.19.1.0/24'] } }],
              ports: [{ protocol: 'UDP', port: 5000, endPort: 5010 }],
            },
            { ports: [{ protocol: 'TCP', port: 'http' }] },
          ],
        }),
      ],
    }).get('n1')!;
    expect(n1).toEqual([
      {
        podIp: '198.19.0.3',
        name: 'default/client',
        ingressIsolated: false,
        egressIsolated: true,
        ingress: [],
        egress: [
          { cidr: '198.19.0.0/16', except: ['198.19.1.0/24'], ports: [{ protocol: 'UDP', port: 5000, endPort: 5010 }] },
          { cidr: '198.19.0.2/32', except: [], ports: [{ protocol: 'TCP', port: 8080, endPort: 0 }] },
        ],
      },
    ]);
  });

  it('allows any peer for a rule without peers, and ignores host-network and finished pods', () => {
    const hostNet: Pod = { ...pod('h', '198.18.0.10', { app: 'web' }), spec: { ...web.spec!, hostNetwork: true } };
    const done: Pod = { ...pod('d', '198.19.0.9', { role: 'client' }), status: { phase: 'Succeeded', podIP: '198.19.0.9' } };
    const result = policyTargetsByNode({
      pods: [web, hostNet, done],
      namespaces: [],
      policies: [
        policy('open', { podSelector: {}, ingress: [{}], egress: [{ to: [{ podSelector: {} }] }], policyTypes: ['Ingress', 'Egress'] }),
      ],
    });
    expect(result.get('n1')).toEqual([
      {
        podIp: '198.19.0.2',
        name: 'default/web',
        ingressIsolated: true,
        egressIsolated: true,
        ingress: [{ cidr: '', except: [], ports: [] }],
        egress: [{ cidr: '198.19.0.2/32', except: [], ports: [] }],
      },
    ]);
  });
});
