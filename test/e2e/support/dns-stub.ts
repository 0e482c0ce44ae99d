// A stand-in for the resolvers beyond the cluster, on 127.0.0.1: every name under example.test
// is 198.18.77.7, anything else NXDOMAIN. Tests point cluster DNS at it (--dns-upstream) so no
// query ever leaves the machine.
import * as dgram from 'dgram';
import * as packet from 'dns-packet';

export const STUB_ADDRESS = '198.18.77.7';

export interface DnsStub {
  port: number;
  /** Names asked so far, in order. */
  asked: string[];
  stop(): Promise<void>;
}

export async function startDnsStub(): Promise<DnsStub> {
  const socket = dgram.createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (message, peer) => {
    const query = packet.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    asked.push(question.name);
    const found = question.name.endsWith('example.test');
    const answers = found && question.type === 'A' ? [{ name: question.name, type: 'A' as const, ttl: 60, data: STUB_ADDRESS }] : [];
    const rcode = found ? 0 : 3;
    socket.send(
      packet.encode({ type: 'response', id: query.id, flags: packet.RECURSION_AVAILABLE | rcode, questions: [question], answers }),
      peer.port,
      peer.address,
    );
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    asked,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
