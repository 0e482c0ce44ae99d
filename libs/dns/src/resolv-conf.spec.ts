import { parseResolvConf, podResolvConf, renderResolvConf } from './resolv-conf';

const node = parseResolvConf('# host\nsearch corp.example\nnameserver 198.18.0.53\nnameserver 198.18.0.54 ; second\noptions timeout:2\n');
const cluster = { nameserver: '198.18.128.10', domain: 'cluster.local' };

describe('pod resolv.conf', () => {
  it("reads the node's resolvers", () => {
    expect(node).toEqual({ nameservers: ['198.18.0.53', '198.18.0.54'], searches: ['corp.example'], options: ['timeout:2'] });
  });

  it('points ClusterFirst pods at cluster DNS with the namespace search path and ndots:5', () => {
    expect(renderResolvConf(podResolvConf({ namespace: 'shop' }, cluster, node))).toBe(
      'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 198.18.128.10\noptions ndots:5\n',
    );
  });

  it("gives hostNetwork pods the node's resolvers unless they ask for ClusterFirstWithHostNet", () => {
    expect(podResolvConf({ namespace: 'a', hostNetwork: true }, cluster, node).nameservers).toEqual(['198.18.0.53', '198.18.0.54']);
    const withHostNet = podResolvConf({ namespace: 'a', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, cluster, node);
    expect(withHostNet.nameservers).toEqual(['198.18.128.10']);
    expect(podResolvConf({ namespace: 'a', dnsPolicy: 'Default' }, cluster, node).searches).toEqual(['corp.example']);
  });

  it('builds None from dnsConfig alone and merges dnsConfig into the others', () => {
    const dnsConfig = { nameservers: ['198.18.0.9'], searches: ['x.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    expect(podResolvConf({ namespace: 'a', dnsPolicy: 'None', dnsConfig }, cluster, node)).toEqual({
      nameservers: ['198.18.0.9'],
      searches: ['x.example'],
      options: ['ndots:2', 'edns0'],
    });
    const merged = podResolvConf({ namespace: 'a', dnsConfig }, cluster, node);
    expect(merged.nameservers).toEqual(['198.18.128.10', '198.18.0.9']);
    expect(merged.options).toEqual(['ndots:2', 'edns0']);
  });

  it('falls back to the node resolvers when the cluster has no DNS', () => {
    expect(podResolvConf({ namespace: 'a' }, undefined, node).nameservers).toEqual(['198.18.0.53', '198.18.0.54']);
  });
});
