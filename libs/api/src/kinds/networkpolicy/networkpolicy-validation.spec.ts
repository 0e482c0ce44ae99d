import type { NetworkPolicy, NetworkPolicySpec } from '../../generated/kubernetes-types';
import { networkPolicies } from './networkpolicy-strategy';

function problems(spec: NetworkPolicySpec): string[] {
  const policy: NetworkPolicy = { metadata: { name: 'p', namespace: 'default' }, spec };
  networkPolicies.defaults(policy);
  return networkPolicies.validate(policy).map((c) => `${c.field}: ${c.message}`);
}

describe('NetworkPolicy rules', () => {
  it('accepts a default-deny and a full policy, and defaults policy types and protocols as Kubernetes does', () => {
    expect(problems({ podSelector: {} })).toEqual([]);
    const policy: NetworkPolicy = {
      metadata: { name: 'p' },
      spec: {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: {} }], ports: [{ port: 5432 }] }],
        egress: [{ to: [{ ipBlock: { cidr: '198.19.0.0/16', except: ['198.19.3.0/24'] } }], ports: [{ port: 8000, endPort: 8100 }] }],
      },
    };
    networkPolicies.defaults(policy);
    expect(networkPolicies.validate(policy)).toEqual([]);
    expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec?.ingress?.[0]?.ports?.[0]?.protocol).toBe('TCP');
  });

  it('names each bad field: policy types, protocols, ports and endPort', () => {
    expect(
      problems({
        podSelector: {},
        policyTypes: ['Ingress', 'Sideways'],
        ingress: [
          {
            ports: [
              { protocol: 'ICMP', port: 70000 },
              { port: 'http', endPort: 90 },
              { endPort: 90 },
              { port: 100, endPort: 90 },
              { port: 'no--good' },
            ],
          },
        ],
      }),
    ).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ingress[0].ports[1].endPort: Forbidden: may not be specified when port is non-numeric',
      'spec.ingress[0].ports[2].endPort: Required value: may not be specified when port is not specified',
      'spec.ingress[0].ports[3].endPort: Invalid value: 90: must be greater than or equal to `port`',
      expect.stringMatching(/^spec\.ingress\[0\]\.ports\[4\]\.port: Invalid value: "no--good"/),
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });

  it('checks peers, ipBlock ranges and selector requirements', () => {
    expect(
      problems({
        podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] },
        egress: [
          {
            to: [
              {},
              { ipBlock: { cidr: '198.19.0.0/16' }, podSelector: {} },
              { ipBlock: { cidr: '198.19.0.0/33' } },
              { ipBlock: { cidr: '198.19.0.0/16', except: ['198.20.0.0/24', '198.19.0.0/16', 'x', '198.19.1.0/24'] } },
              { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['a'] }] } },
            ],
          },
        ],
      }),
    ).toEqual([
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.egress[0].to[0]: Required value: must specify a peer',
      'spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.egress[0].to[2].ipBlock.cidr: Invalid value: "198.19.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'spec.egress[0].to[3].ipBlock.except[0]: Invalid value: "198.20.0.0/24": must be a strict subset of `cidr`',
      'spec.egress[0].to[3].ipBlock.except[1]: Invalid value: "198.19.0.0/16": must be a strict subset of `cidr`',
      'spec.egress[0].to[3].ipBlock.except[2]: Invalid value: "x": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      "spec.egress[0].to[4].namespaceSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
  });

  it('prints the pod selector', () => {
    const row = networkPolicies.printer.cells(
      { metadata: { name: 'deny', creationTimestamp: new Date(0).toISOString() }, spec: { podSelector: {} } },
      60_000,
    );
    expect(row.slice(0, 2)).toEqual(['deny', '<none>']);
  });
});
