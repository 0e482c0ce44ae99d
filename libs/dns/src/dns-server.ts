// The node's DNS server (UDP and TCP on one address): cluster names from the zone, everything
// else through the forwarder. Malformed messages are dropped; a UDP answer too large for the
// client is sent truncated so the client asks again over TCP.
import type { Logger } from '@stevedore/log';
import * as dgram from 'dgram';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import * as packet from 'dns-packet';
import * as net from 'net';
import { AnswerCache } from './answer-cache';
import type { ClusterZone } from './cluster-zone';
import type { AnswerSource, DnsMetrics } from './dns-metrics';
import type { Forwarder } from './forwarder';
import { emptyRecords, opcodeOf, type Rcode, type Records, rcodeNumber } from './messages';

export interface DnsServerOptions {
  address: string;
  /** 0 picks a free port (tests). */
  port: number;
  zone: ClusterZone;
  /** Absent: names outside the cluster are REFUSED. */
  forwarder?: Forwarder;
  metrics?: DnsMetrics;
  log: Logger;
}

const CLASSIC_UDP_LIMIT = 512;
const OUR_UDP_LIMIT = 4096;
const TCP_IDLE_MS = 10_000;

interface Reply extends Records {
  authoritative: boolean;
  source: AnswerSource;
  /** Made from the zone alone, so the same query gets the same answer until the zone changes. */
  fromZone?: boolean;
}

const failure = (rcode: Rcode): Reply => ({ ...emptyRecords(rcode), authoritative: false, source: 'none' });

export class DnsServer {
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private readonly connections = new Set<net.Socket>();
  private readonly answers = new AnswerCache();

  constructor(private readonly options: DnsServerOptions) {}

  /** Listens on UDP and TCP; resolves with the port (the same for both). */
  async start(): Promise<number> {
    const udp = dgram.createSocket('udp4');
    udp.on('message', (message, peer) => void this.onDatagram(udp, message, peer));
    udp.on('error', (err) => this.options.log.warn('DNS UDP socket error', { err }));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.options.port, this.options.address, () => resolve());
    });
    this.udp = udp;
    const port = udp.address().port;
    const tcp = net.createServer((socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, this.options.address, () => resolve());
    });
    this.tcp = tcp;
    return port;
  }

  async stop(): Promise<void> {
    this.udp?.close();
    for (const c of this.connections) c.destroy();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    this.options.forwarder?.close();
  }

  /** The encoded answer to one message, or undefined to drop it. */
  async respond(message: Buffer, overUdp: boolean): Promise<Buffer | undefined> {
    return this.cached(message, overUdp) ?? this.answer(message, overUdp);
  }

  /** An answer made before to the same query, while the zone is unchanged: no decoding, no promise. */
  private cached(message: Buffer, overUdp: boolean): Buffer | undefined {
    if (message.length < 12) return undefined;
    const started = process.hrtime.bigint();
    const hit = this.answers.get(AnswerCache.key(message, overUdp), message, this.options.zone.generation);
    if (!hit) return undefined;
    this.options.metrics?.answered('cluster', hit.rcode, Number(process.hrtime.bigint() - started) / 1e9);
    return hit.answer;
  }

  private async answer(message: Buffer, overUdp: boolean): Promise<Buffer | undefined> {
    const started = process.hrtime.bigint();
    const generation = this.options.zone.generation;
    let query: DecodedPacket;
    try {
      query = packet.decode(message);
    } catch {
      this.options.metrics?.dropped();
      return undefined;
    }
    if (query.type !== 'query') return undefined;
    const reply = await this.reply(query);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.metrics?.answered(reply.source, reply.rcode, seconds);
    const answer = this.encode(query, reply, overUdp);
    if (reply.fromZone) this.answers.set(AnswerCache.key(message, overUdp), { answer, rcode: reply.rcode }, generation);
    return answer;
  }

  private async reply(query: DecodedPacket): Promise<Reply> {
    if (opcodeOf(query) !== 0) return failure('NOTIMP');
    const question = query.questions?.[0];
    if (!question || query.questions!.length !== 1) return failure('FORMERR');
    const local = this.options.zone.answer(question.name, question.type);
    if (local) {
      const reply: Reply = { ...local, authoritative: true, source: 'cluster', fromZone: true };
      // An ExternalName's target may come from upstream, with its own lifetime: not kept here.
      if (local.cname && question.type !== 'CNAME') {
        reply.fromZone = false;
        await this.chase(reply, local.cname, question);
      }
      return reply;
    }
    if (!this.options.forwarder) return failure('REFUSED');
    const upstream = await this.options.forwarder.resolve(question);
    const { fromCache, ...records } = upstream;
    return {
      ...records,
      authoritative: false,
      source: fromCache ? 'cache' : records.rcode === 'SERVFAIL' ? 'none' : 'upstream',
    };
  }

  /** An ExternalName's CNAME target, resolved so stub resolvers that do not follow CNAMEs get an address. */
  private async chase(reply: Reply, target: string, question: Question): Promise<void> {
    const inZone = this.options.zone.answer(target, question.type);
    const next = inZone ?? (await this.options.forwarder?.resolve({ ...question, name: target }));
    if (!next) return;
    reply.answers.push(...next.answers);
    if (next.rcode !== 'NOERROR') reply.rcode = next.rcode;
  }

  private encode(query: DecodedPacket, reply: Reply, overUdp: boolean): Buffer {
    const edns = (query.additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    const limit = overUdp ? Math.min(Math.max(edns?.udpPayloadSize ?? CLASSIC_UDP_LIMIT, CLASSIC_UDP_LIMIT), OUR_UDP_LIMIT) : 65535;
    const opt: Answer[] = edns ? [{ name: '.', type: 'OPT', udpPayloadSize: OUR_UDP_LIMIT, flags: 0 } as Answer] : [];
    const flags =
      ((query.flags ?? 0) & packet.RECURSION_DESIRED) |
      packet.RECURSION_AVAILABLE |
      (reply.authoritative ? packet.AUTHORITATIVE_ANSWER : 0) |
      rcodeNumber(reply.rcode);
    const full = packet.encode({
      type: 'response',
      id: query.id,
      flags,
      questions: query.questions ?? [],
      answers: reply.answers,
      authorities: reply.authorities,
      additionals: [...reply.additionals, ...opt],
    });
    if (full.length <= limit) return full;
    return packet.encode({
      type: 'response',
      id: query.id,
      flags: flags | packet.TRUNCATED_RESPONSE,
      questions: query.questions ?? [],
      additionals: opt,
    });
  }

  private async onDatagram(socket: dgram.Socket, message: Buffer, peer: dgram.RemoteInfo): Promise<void> {
    const hit = this.cached(message, true);
    if (hit) return socket.send(hit, peer.port, peer.address);
    const answer = await this.answer(message, true).catch((err) => {
      this.options.log.warn('cannot answer a DNS query', { err });
      return undefined;
    });
    if (answer) socket.send(answer, peer.port, peer.address);
  }

  /** RFC 7766 framing: each message preceded by its length; several may share a connection. */
  private onConnection(socket: net.Socket): void {
    this.connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk as Buffer]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        void this.respond(message, false).then(
          (answer) => {
            if (!answer) return socket.destroy();
            const length = Buffer.alloc(2);
            length.writeUInt16BE(answer.length);
            socket.write(Buffer.concat([length, answer]));
          },
          (err) => {
            this.options.log.warn('cannot answer a DNS query over TCP', { err });
            socket.destroy();
          },
        );
      }
    });
  }
}
