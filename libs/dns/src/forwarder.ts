// Names outside the cluster go to the node's upstream resolvers: over UDP, again over TCP when
// the answer was truncated, to the next resolver when one does not answer in time. Answers are
// cached (see response-cache.ts).
import * as dgram from 'dgram';
import type { DecodedPacket, Question } from 'dns-packet';
import * as packet from 'dns-packet';
import * as net from 'net';
import { emptyRecords, type Records, recordsOf } from './messages';
import { ResponseCache } from './response-cache';

export interface Upstream {
  host: string;
  port: number;
}

export interface ForwarderOptions {
  upstreams: Upstream[];
  timeoutMs?: number;
  cacheEntries?: number;
  cacheMaxTtlSeconds?: number;
}

export type Resolved = Records & { fromCache: boolean };

interface Pending {
  question: Question;
  done: (response: DecodedPacket | undefined) => void;
}

const keyOf = (q: Question) => `${q.name.toLowerCase()}|${q.type}|${q.class ?? 'IN'}`;

export class Forwarder {
  readonly cache: ResponseCache;
  private socket?: dgram.Socket;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;

  constructor(private readonly options: ForwarderOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.cache = new ResponseCache({ maxEntries: options.cacheEntries ?? 10_000, maxTtlSeconds: options.cacheMaxTtlSeconds ?? 30 });
  }

  /** The upstream answer (or SERVFAIL when no resolver answers), from the cache when it can. */
  async resolve(question: Question): Promise<Resolved> {
    const key = keyOf(question);
    const cached = this.cache.get(key, Date.now());
    if (cached) return { ...cached, fromCache: true };
    for (const upstream of this.options.upstreams) {
      // A resolver that fails or stays silent is passed over for the next one.
      const response = await this.ask(upstream, question).catch(() => undefined);
      if (!response) continue;
      const records = recordsOf(response);
      this.cache.put(key, records, Date.now());
      return { ...records, fromCache: false };
    }
    return { ...emptyRecords('SERVFAIL'), fromCache: false };
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
    for (const p of this.pending.values()) p.done(undefined);
    this.pending.clear();
  }

  private async ask(upstream: Upstream, question: Question): Promise<DecodedPacket | undefined> {
    const response = await this.askUdp(upstream, question);
    return response?.flag_tc ? this.askTcp(upstream, question) : response;
  }

  private query(id: number, question: Question): Buffer {
    return packet.encode({ type: 'query', id, flags: packet.RECURSION_DESIRED, questions: [question] });
  }

  private askUdp(upstream: Upstream, question: Question): Promise<DecodedPacket | undefined> {
    const socket = this.udpSocket();
    const id = this.freeId();
    return new Promise<DecodedPacket | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer from ${upstream.host}:${upstream.port}`));
      }, this.timeoutMs);
      this.pending.set(id, {
        question,
        done: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
      });
      socket.send(this.query(id, question), upstream.port, upstream.host, (err) => {
        if (!err) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      });
    });
  }

  private askTcp(upstream: Upstream, question: Question): Promise<DecodedPacket> {
    return new Promise<DecodedPacket>((resolve, reject) => {
      const socket = net.connect(upstream.port, upstream.host);
      socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error(`no answer from ${upstream.host}:${upstream.port}`)));
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buffered = Buffer.concat([buffered, chunk as Buffer]);
        if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
        socket.end();
        try {
          resolve(packet.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
        } catch (err) {
          reject(err);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('connection closed before an answer')));
      socket.write(packet.streamEncode({ type: 'query', id: this.freeId(), flags: packet.RECURSION_DESIRED, questions: [question] }));
    });
  }

  private udpSocket(): dgram.Socket {
    if (this.socket) return this.socket;
    const socket = dgram.createSocket('udp4');
    socket.on('message', (message) => this.onAnswer(message));
    // A send error reaches its own callback; other socket errors mean the socket is gone: make a new one next time.
    socket.on('error', () => {
      if (this.socket === socket) this.socket = undefined;
      socket.close();
    });
    this.socket = socket;
    return socket;
  }

  /** An answer counts only if its id is pending and it repeats the question asked (RFC 5452). */
  private onAnswer(message: Buffer): void {
    let response: DecodedPacket;
    try {
      response = packet.decode(message);
    } catch {
      return; // garbage on our port: ignore it, the real answer may still come
    }
    const waiting = this.pending.get(response.id ?? -1);
    const asked = waiting && response.questions?.[0];
    if (!waiting || !asked || keyOf(asked) !== keyOf(waiting.question)) return;
    this.pending.delete(response.id!);
    waiting.done(response);
  }

  private freeId(): number {
    for (;;) {
      const id = Math.floor(Math.random() * 65536);
      if (!this.pending.has(id)) return id;
    }
  }
}
