import type { DnsServiceRecord } from './cluster-records';
import { ClusterZone } from './cluster-zone';

const http = { name: 'http', port: 80, protocol: 'TCP' };
const records: DnsServiceRecord[] = [
  {
    namespace: 'default',
    name: 'web',
    clusterIp: '198.18.128.20',
    externalName: '',
    ports: [http, { name: '', port: 81, protocol: 'TCP' }],
    endpoints: [],
  },
  {
    namespace: 'default',
    name: 'nginx',
    clusterIp: 'None',
    externalName: '',
    ports: [{ name: 'web', port: 80, protocol: 'TCP' }],
    endpoints: [
      { ip: '198.19.1.5', hostname: 'web-0', ports: [{ name: 'web', port: 8080, protocol: 'TCP' }] },
      { ip: '198.19.2.6', hostname: '', ports: [{ name: 'web', port: 8080, protocol: 'TCP' }] },
    ],
  },
  { namespace: 'shop', name: 'db', clusterIp: '', externalName: 'db.example.test.', ports: [], endpoints: [] },
];

function zone(): ClusterZone {
  const z = new ClusterZone('cluster.local');
  z.replace(records);
  return z;
}

const data = (z: ClusterZone, name: string, type: string) => z.answer(name, type)?.answers.map((a) => a.data);

describe('cluster zone', () => {
  it('answers a ClusterIP Service with its address, case-insensitively and with or without the root dot', () => {
    expect(data(zone(), 'web.default.svc.cluster.local', 'A')).toEqual(['198.18.128.20']);
    expect(data(zone(), 'WEB.Default.svc.cluster.local.', 'A')).toEqual(['198.18.128.20']);
  });

  it('answers a headless Service with each endpoint and each endpoint by hostname or dashed IP', () => {
    const z = zone();
    expect(data(z, 'nginx.default.svc.cluster.local', 'A')).toEqual(['198.19.1.5', '198.19.2.6']);
    expect(data(z, 'web-0.nginx.default.svc.cluster.local', 'A')).toEqual(['198.19.1.5']);
    expect(data(z, '198-19-2-6.nginx.default.svc.cluster.local', 'A')).toEqual(['198.19.2.6']);
    expect(z.answer('web-9.nginx.default.svc.cluster.local', 'A')?.rcode).toBe('NXDOMAIN');
  });

  it('gives SRV records for named ports, pointing at endpoints of headless Services, with their addresses', () => {
    const z = zone();
    expect(data(z, '_http._tcp.web.default.svc.cluster.local', 'SRV')).toEqual([
      { priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' },
    ]);
    const headless = z.answer('_web._tcp.nginx.default.svc.cluster.local', 'SRV')!;
    expect(headless.answers.map((a) => (a.data as { target: string; port: number }).target)).toEqual([
      'web-0.nginx.default.svc.cluster.local',
      '198-19-2-6.nginx.default.svc.cluster.local',
    ]);
    expect(headless.additionals.map((a) => a.data)).toEqual(['198.19.1.5', '198.19.2.6']);
    expect(z.answer('_http._udp.web.default.svc.cluster.local', 'SRV')?.rcode).toBe('NXDOMAIN');
  });

  it('answers an ExternalName with a CNAME for every type', () => {
    const answer = zone().answer('db.shop.svc.cluster.local', 'A')!;
    expect(answer.answers).toEqual([{ name: 'db.shop.svc.cluster.local', type: 'CNAME', ttl: 5, data: 'db.example.test' }]);
    expect(answer.cname).toBe('db.example.test');
  });

  it('spells pod addresses and answers PTR for Service and endpoint addresses', () => {
    const z = zone();
    expect(data(z, '198-19-3-4.default.pod.cluster.local', 'A')).toEqual(['198.19.3.4']);
    expect(z.answer('198-19-3-999.default.pod.cluster.local', 'A')?.rcode).toBe('NXDOMAIN');
    expect(data(z, '20.128.18.198.in-addr.arpa', 'PTR')).toEqual(['web.default.svc.cluster.local']);
    expect(data(z, '5.1.19.198.in-addr.arpa', 'PTR')).toEqual(['web-0.nginx.default.svc.cluster.local']);
    expect(z.answer('8.8.8.8.in-addr.arpa', 'PTR')).toBeUndefined();
  });

  it('says NXDOMAIN for names that hold nothing, NODATA for names that exist without the type', () => {
    const z = zone();
    const nx = z.answer('web.nowhere.svc.cluster.local', 'A')!;
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authorities.map((a) => a.type)).toEqual(['SOA']);
    expect(z.answer('nothing.default.svc.cluster.local', 'A')?.rcode).toBe('NXDOMAIN');
    for (const [name, type] of [
      ['web.default.svc.cluster.local', 'AAAA'],
      ['default.svc.cluster.local', 'A'],
      ['svc.cluster.local', 'A'],
      ['_tcp.web.default.svc.cluster.local', 'A'],
    ]) {
      const answer = z.answer(name!, type!)!;
      expect([name, answer.rcode, answer.answers]).toEqual([name, 'NOERROR', []]);
    }
  });

  it('leaves other names to the forwarder and fails cluster names until it has data', () => {
    expect(zone().answer('example.test', 'A')).toBeUndefined();
    expect(zone().answer('notcluster.local', 'A')).toBeUndefined();
    expect(new ClusterZone().answer('web.default.svc.cluster.local', 'A')?.rcode).toBe('SERVFAIL');
  });
});
