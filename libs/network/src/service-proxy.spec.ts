import { type ProxiedService, renderRules, serviceChainPrefix } from './service-proxy';

const chain = (suffix: string) => `P-${suffix}`;

describe('service proxy rules', () => {
  it('sends a cluster IP to each endpoint with equal chances and marks node-port and hairpin traffic for masquerade', () => {
    const { chains, lines } = renderRules(
      [
        {
          name: 'default/web:80',
          clusterIp: '198.18.128.7',
          port: 80,
          protocol: 'TCP',
          nodePort: 30080,
          endpoints: [
            { ip: '198.19.0.2', port: 8080 },
            { ip: '198.19.1.2', port: 8080 },
            { ip: '198.19.2.2', port: 8080 },
          ],
        },
      ],
      chain,
    );
    const svc = chains.find((c) => c.startsWith('P-SVC-'))!;
    const seps = chains.filter((c) => c.startsWith('P-SEP-'));
    expect(seps).toHaveLength(3);
    expect(lines).toContain(`-A P-SERVICES -d 198.18.128.7/32 -p tcp --dport 80 -m comment --comment "default/web:80" -j ${svc}`);
    expect(lines.filter((l) => l.startsWith(`-A ${svc} `))).toEqual([
      `-A ${svc} -m statistic --mode random --probability 0.3333333333 -j ${seps[0]}`,
      `-A ${svc} -m statistic --mode random --probability 0.5000000000 -j ${seps[1]}`,
      `-A ${svc} -j ${seps[2]}`,
    ]);
    expect(lines).toContain(`-A ${seps[1]} -p tcp -j DNAT --to-destination 198.19.1.2:8080`);
    expect(lines).toContain(`-A ${seps[1]} -s 198.19.1.2/32 -j P-MARK-MASQ`);
    expect(lines).toContain('-A P-NODEPORTS -p tcp --dport 30080 -m comment --comment "default/web:80" -j P-MARK-MASQ');
    expect(lines[lines.length - 1]).toBe('-A P-SERVICES -m addrtype --dst-type LOCAL -j P-NODEPORTS');
  });

  it("proxies a LoadBalancer Service's addresses on its port, masqueraded", () => {
    const endpoints = [{ ip: '198.19.0.2', port: 8080 }];
    const lb = { name: 'default/lb:80', clusterIp: '198.18.128.9', port: 80, protocol: 'TCP', nodePort: 30081, endpoints };
    const { chains, lines } = renderRules([{ ...lb, loadBalancerIps: ['198.18.200.1'] }], chain);
    const svc = chains.find((c) => c.startsWith('P-SVC-'))!;
    expect(lines).toContain('-A P-SERVICES -d 198.18.200.1/32 -p tcp --dport 80 -m comment --comment "default/lb:80" -j P-MARK-MASQ');
    expect(lines).toContain(`-A P-SERVICES -d 198.18.200.1/32 -p tcp --dport 80 -m comment --comment "default/lb:80" -j ${svc}`);
  });

  it('writes no rules for a Service without endpoints, and gives every owner its own chain prefix', () => {
    const { chains, lines } = renderRules(
      [{ name: 'default/idle:80', clusterIp: '198.18.128.8', port: 80, protocol: 'UDP', nodePort: 0, endpoints: [] }],
      chain,
    );
    expect(chains).toEqual(['P-SERVICES', 'P-NODEPORTS', 'P-POSTROUTING', 'P-MARK-MASQ', 'P-MARK-DROP']);
    expect(lines.some((l) => l.includes('198.18.128.8'))).toBe(false);
    expect(serviceChainPrefix('node-a')).toMatch(/^STVD[0-9A-F]{4}-$/);
    expect(serviceChainPrefix('node-a')).not.toBe(serviceChainPrefix('node-b'));
  });

  const web = (extra: Partial<ProxiedService>): ProxiedService => ({
    name: 'default/web:80',
    clusterIp: '198.18.128.7',
    port: 80,
    protocol: 'TCP',
    nodePort: 30080,
    endpoints: [
      { ip: '198.19.0.2', port: 8080, nodeName: 'node-a' },
      { ip: '198.19.1.2', port: 8080, nodeName: 'node-b' },
    ],
    ...extra,
  });

  it('keeps a client on its endpoint under ClientIP affinity, with the recent module as kube-proxy does', () => {
    const { chains, lines } = renderRules([web({ affinitySeconds: 10800 })], chain, 'node-a');
    const svc = chains.find((c) => c.startsWith('P-SVC-'))!;
    const seps = chains.filter((c) => c.startsWith('P-SEP-'));
    expect(lines.filter((l) => l.startsWith(`-A ${svc} `))).toEqual([
      `-A ${svc} -m recent --name ${seps[0]} --rcheck --seconds 10800 --reap -j ${seps[0]}`,
      `-A ${svc} -m recent --name ${seps[1]} --rcheck --seconds 10800 --reap -j ${seps[1]}`,
      `-A ${svc} -m statistic --mode random --probability 0.5000000000 -j ${seps[0]}`,
      `-A ${svc} -j ${seps[1]}`,
    ]);
    expect(lines).toContain(`-A ${seps[1]} -p tcp -m recent --name ${seps[1]} --set -j DNAT --to-destination 198.19.1.2:8080`);
    // Without affinity, no recent match at all.
    expect(renderRules([web({})], chain, 'node-a').lines.some((l) => l.includes('recent'))).toBe(false);
  });

  it('sends Local node-port traffic only to this node, unmasqueraded, and drops it where no endpoint is local', () => {
    const onA = renderRules([web({ externalLocal: true })], chain, 'node-a');
    const svl = onA.chains.find((c) => c.startsWith('P-SVL-'))!;
    const svc = onA.chains.find((c) => c.startsWith('P-SVC-'))!;
    const [sepA] = onA.chains.filter((c) => c.startsWith('P-SEP-'));
    expect(onA.lines.filter((l) => l.startsWith(`-A ${svl} `))).toEqual([`-A ${svl} -j ${sepA}`]);
    expect(onA.lines.filter((l) => l.startsWith('-A P-NODEPORTS '))).toEqual([
      `-A P-NODEPORTS -p tcp --dport 30080 -m comment --comment "default/web:80" -j ${svl}`,
    ]);
    // The cluster IP still reaches every endpoint.
    expect(onA.lines).toContain(`-A P-SERVICES -d 198.18.128.7/32 -p tcp --dport 80 -m comment --comment "default/web:80" -j ${svc}`);
    const onC = renderRules([web({ externalLocal: true })], chain, 'node-c');
    expect(onC.lines.filter((l) => l.startsWith('-A P-NODEPORTS '))).toEqual([
      '-A P-NODEPORTS -p tcp --dport 30080 -m comment --comment "default/web:80" -j P-MARK-DROP',
    ]);
    expect(onC.lines).toContain('-A P-MARK-DROP -j MARK --set-xmark 0x8000/0x8000');
  });

  it('sends Local cluster-IP traffic only to this node, and leaves node ports cluster-wide', () => {
    const onB = renderRules([web({ internalLocal: true })], chain, 'node-b');
    const svl = onB.chains.find((c) => c.startsWith('P-SVL-'))!;
    const seps = onB.chains.filter((c) => c.startsWith('P-SEP-'));
    expect(onB.lines).toContain(`-A P-SERVICES -d 198.18.128.7/32 -p tcp --dport 80 -m comment --comment "default/web:80" -j ${svl}`);
    expect(onB.lines.filter((l) => l.startsWith(`-A ${svl} `))).toEqual([`-A ${svl} -j ${seps[1]}`]);
    expect(onB.lines).toContain('-A P-NODEPORTS -p tcp --dport 30080 -m comment --comment "default/web:80" -j P-MARK-MASQ');
    const elsewhere = renderRules([web({ internalLocal: true })], chain, 'node-c');
    expect(elsewhere.lines).toContain(
      '-A P-SERVICES -d 198.18.128.7/32 -p tcp --dport 80 -m comment --comment "default/web:80" -j P-MARK-DROP',
    );
  });
});
