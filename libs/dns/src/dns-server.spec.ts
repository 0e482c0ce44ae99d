import { silentLogger } from '@stevedore/log';
import * as dgram from 'dgram';
import type { DecodedPacket, Question } from 'dns-packet';
import * as packet from 'dns-packet';
import * as net from 'net';
import type { DnsServiceRecord } from './cluster-records';
import { ClusterZone } from './cluster-zone';
import { DnsServer } from './dns-server';
import { Forwarder } from './forwarder';
import { withoutOpt } from './messages';

/** An upstream resolver for example.test: A 198.18.77.7 (TTL 60), NXDOMAIN otherwise, silent for `slow.` names. */
class Upstream {
  readonly socket = dgram.createSocket('udp4');
  queries = 0;
  async start(): Promise<number> {
    this.socket.on('message', (message, peer) => {
      const query = packet.decode(message);
      const q = query.questions![0]!;
      this.queries++;
      if (q.name.startsWith('slow.')) return;
      const found = q.name.endsWith('example.test');
      const answers = found ? [{ name: q.name, type: 'A' as const, ttl: 60, data: '198.18.77.7' }] : [];
      const reply = packet.encode({ type: 'response', id: query.id, flags: found ? 0 : 3, questions: [q], answers });
      this.socket.send(reply, peer.port, peer.address);
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    return this.socket.address().port;
  }
}

const endpoints = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ ip: `198.19.${Math.floor(i / 200)}.${(i % 200) + 2}`, hostname: `m-${i}`, ports: [] }));
const services: DnsServiceRecord[] = [
  { namespace: 'default', name: 'web', clusterIp: '198.18.128.20', externalName: '', ports: [], endpoints: [] },
  { namespace: 'default', name: 'big', clusterIp: 'None', externalName: '', ports: [], endpoints: endpoints(100) },
  { namespace: 'default', name: 'ext', clusterIp: '', externalName: 'www.example.test', ports: [], endpoints: [] },
];

function udpAsk(port: number, message: Buffer, waitMs = 3000): Promise<DecodedPacket | undefined> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, waitMs);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(packet.decode(reply));
    });
    socket.send(message, port, '127.0.0.1');
  });
}

const query = (name: string, type: Question['type'] = 'A') =>
  packet.encode({ type: 'query', id: 7, flags: packet.RECURSION_DESIRED, questions: [{ name, type }] });
const rcode = (p: DecodedPacket | undefined) => (p ? (p.flags ?? 0) & 0xf : undefined);
const records = (p: DecodedPacket | undefined) => withoutOpt(p?.answers);
const addresses = (p: DecodedPacket | undefined) =>
  records(p)
    .filter((a) => a.type === 'A')
    .map((a) => a.data);

function tcpAsk(port: number, message: Buffer): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk as Buffer]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        socket.end();
        resolve(packet.decode(buffered.subarray(2)));
      }
    });
    socket.on('error', reject);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(message.length);
    socket.write(Buffer.concat([length, message]));
  });
}

describe('DNS server', () => {
  const upstream = new Upstream();
  let server: DnsServer;
  let port: number;
  const zone = new ClusterZone();

  beforeAll(async () => {
    const upstreamPort = await upstream.start();
    zone.replace(services);
    const forwarder = new Forwarder({ upstreams: [{ host: '127.0.0.1', port: upstreamPort }], timeoutMs: 300 });
    server = new DnsServer({ address: '127.0.0.1', port: 0, zone, forwarder, log: silentLogger });
    port = await server.start();
  });

  afterAll(async () => {
    await server.stop();
    upstream.socket.close();
  });

  it('answers cluster names authoritatively over UDP and TCP', async () => {
    const udp = await udpAsk(port, query('web.default.svc.cluster.local'));
    expect([udp?.id, udp?.flag_aa, rcode(udp), addresses(udp)]).toEqual([7, true, 0, ['198.18.128.20']]);
    expect(addresses(await tcpAsk(port, query('web.default.svc.cluster.local')))).toEqual(['198.18.128.20']);
    expect(rcode(await udpAsk(port, query('web.nowhere.svc.cluster.local')))).toBe(3);
  });

  it('answers a repeated query from its encoded answers with the new ID, until the zone changes', async () => {
    const ask = (id: number) =>
      udpAsk(
        port,
        packet.encode({
          type: 'query',
          id,
          flags: packet.RECURSION_DESIRED,
          questions: [{ name: 'web.default.svc.cluster.local', type: 'A' }],
        }),
      );
    expect([(await ask(41))?.id, (await ask(42))?.id, addresses(await ask(43))]).toEqual([41, 42, ['198.18.128.20']]);
    zone.replace([{ ...services[0]!, clusterIp: '198.18.128.21' }, ...services.slice(1)]);
    expect(addresses(await ask(44))).toEqual(['198.18.128.21']);
    zone.replace(services);
    expect(addresses(await ask(45))).toEqual(['198.18.128.20']);
  });

  it('forwards other names once and answers repeats from its cache', async () => {
    const before = upstream.queries;
    const first = await udpAsk(port, query('a.example.test'));
    const second = await udpAsk(port, query('a.example.test'));
    expect([first?.flag_aa, addresses(first), addresses(second)]).toEqual([false, ['198.18.77.7'], ['198.18.77.7']]);
    expect(upstream.queries - before).toBe(1);
    expect(rcode(await udpAsk(port, query('missing.invalid')))).toBe(3);
  });

  it('resolves an ExternalName through its CNAME', async () => {
    const reply = await udpAsk(port, query('ext.default.svc.cluster.local'));
    expect(records(reply).map((a) => [a.type, a.data])).toEqual([
      ['CNAME', 'www.example.test'],
      ['A', '198.18.77.7'],
    ]);
  });

  it('truncates an answer too big for UDP, which TCP then carries whole', async () => {
    const udp = await udpAsk(port, query('big.default.svc.cluster.local'));
    expect([udp?.flag_tc, udp?.answers?.length]).toEqual([true, 0]);
    expect((await tcpAsk(port, query('big.default.svc.cluster.local'))).answers).toHaveLength(100);
  });

  it('drops malformed messages and keeps answering', async () => {
    expect(await udpAsk(port, Buffer.from('not dns at all'), 300)).toBeUndefined();
    expect(addresses(await udpAsk(port, query('web.default.svc.cluster.local')))).toEqual(['198.18.128.20']);
  });

  it('says SERVFAIL when the upstream stays silent, and REFUSED without one', async () => {
    expect(rcode(await udpAsk(port, query('slow.example.test')))).toBe(2);
    const lonely = new DnsServer({ address: '127.0.0.1', port: 0, zone: new ClusterZone(), log: silentLogger });
    const lonelyPort = await lonely.start();
    expect(rcode(await udpAsk(lonelyPort, query('a.example.test')))).toBe(5);
    await lonely.stop();
  });
});
