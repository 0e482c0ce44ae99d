// Encoded answers to cluster names, ready to send again. A pod asks the same few names over and
// over (its Services, through every search-path suffix), and decoding the query, looking the name
// up and encoding the answer cost more than the send itself: under dnsperf the server spent most
// of its time there. Two queries whose bytes agree after the ID get the same answer while the zone
// is unchanged (the flags, the question and any EDNS record are all in those bytes), so the
// answer is stored under them and only its ID is rewritten on a hit.
import type { Rcode } from './messages';

export interface CachedAnswer {
  answer: Buffer;
  rcode: Rcode;
}

/** Entries kept before the cache starts over: bounded memory whatever clients ask. */
const LIMIT = 10_000;

export class AnswerCache {
  private entries = new Map<string, CachedAnswer>();
  private generation = -1;

  /** The key of a query (its bytes after the ID, and the transport: a UDP answer may be truncated). */
  static key(message: Buffer, overUdp: boolean): string {
    return (overUdp ? 'u' : 't') + message.toString('latin1', 2);
  }

  /** A copy of the stored answer with the query's ID, if the zone has not changed since it was stored. */
  get(key: string, message: Buffer, zoneGeneration: number): CachedAnswer | undefined {
    if (zoneGeneration !== this.generation) return undefined;
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    const answer = Buffer.from(hit.answer);
    message.copy(answer, 0, 0, 2);
    return { answer, rcode: hit.rcode };
  }

  set(key: string, entry: CachedAnswer, zoneGeneration: number): void {
    if (zoneGeneration !== this.generation || this.entries.size >= LIMIT) {
      this.entries = new Map();
      this.generation = zoneGeneration;
    }
    this.entries.set(key, entry);
  }
}
