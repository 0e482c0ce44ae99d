import { type PolicyTarget, renderPolicyRules } from './policy-rules';

const chain = (suffix: string) => `P-${suffix}`;
const target = (extra: Partial<PolicyTarget>): PolicyTarget => ({
  podIp: '198.19.0.2',
  name: 'default/web',
  ingressIsolated: false,
  egressIsolated: false,
  ingress: [],
  egress: [],
  ...extra,
});

describe('NetworkPolicy filter rules', () => {
  it('lets replies through first, and with no targets filters nothing', () => {
    expect(renderPolicyRules([], chain)).toEqual({
      chains: ['P-NP'],
      lines: ['-A P-NP -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN', '-A P-NP -j MARK --set-xmark 0x0/0x30000'],
    });
  });

  it('drops everything towards an ingress-isolated pod with no allowed peer, and leaves its egress alone', () => {
    const { chains, lines } = renderPolicyRules([target({ ingressIsolated: true })], chain);
    const own = chains.find((c) => c.startsWith('P-NP-I-'))!;
    expect(chains).toHaveLength(2);
    expect(lines.slice(2)).toEqual([
      `-A P-NP -d 198.19.0.2/32 -j ${own}`,
      '-A P-NP -d 198.19.0.2/32 -m mark ! --mark 0x20000/0x20000 -m comment --comment "default/web ingress" -j DROP',
    ]);
    expect(lines.some((l) => l.includes('-s 198.19.0.2/32'))).toBe(false);
  });

  it('marks allowed sources by address and port (ranges too), and any source on any port for an open rule', () => {
    const { chains, lines } = renderPolicyRules(
      [
        target({
          ingressIsolated: true,
          ingress: [
            { cidr: '198.19.0.3/32', except: [], ports: [{ protocol: 'TCP', port: 8080, endPort: 0 }] },
            {
              cidr: '198.19.1.0/24',
              except: [],
              ports: [
                { protocol: 'UDP', port: 5000, endPort: 5010 },
                { protocol: 'SCTP', port: 0, endPort: 0 },
              ],
            },
            { cidr: '', except: [], ports: [] },
          ],
        }),
      ],
      chain,
    );
    const own = chains.find((c) => c.startsWith('P-NP-I-'))!;
    expect(lines.filter((l) => l.startsWith(`-A ${own} `))).toEqual([
      `-A ${own} -s 198.19.0.3/32 -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x20000/0x20000`,
      `-A ${own} -s 198.19.1.0/24 -p udp -m udp --dport 5000:5010 -j MARK --set-xmark 0x20000/0x20000`,
      `-A ${own} -s 198.19.1.0/24 -p sctp -j MARK --set-xmark 0x20000/0x20000`,
      `-A ${own} -j MARK --set-xmark 0x20000/0x20000`,
    ]);
  });

  it('checks egress by destination, with exceptions in a chain of their own that returns before the mark', () => {
    const { chains, lines } = renderPolicyRules(
      [target({ egressIsolated: true, egress: [{ cidr: '198.19.0.0/16', except: ['198.19.1.0/24', '198.19.2.0/24'], ports: [] }] })],
      chain,
    );
    const own = chains.find((c) => c.startsWith('P-NP-E-'))!;
    const except = chains.find((c) => c.startsWith('P-NP-X-'))!;
    expect(lines.filter((l) => l.startsWith(`-A ${own} `))).toEqual([`-A ${own} -d 198.19.0.0/16 -j ${except}`]);
    expect(lines.filter((l) => l.startsWith(`-A ${except} `))).toEqual([
      `-A ${except} -d 198.19.1.0/24 -j RETURN`,
      `-A ${except} -d 198.19.2.0/24 -j RETURN`,
      `-A ${except} -j MARK --set-xmark 0x10000/0x10000`,
    ]);
    expect(lines).toContain('-A P-NP -s 198.19.0.2/32 -m mark ! --mark 0x10000/0x10000 -m comment --comment "default/web egress" -j DROP');
    // Every chain name fits iptables' 28 characters even with a real owner prefix.
    expect(`STVDABCD-${own.slice(2)}`.length).toBeLessThanOrEqual(28);
  });
});
