// Forwarded answers kept for their TTL (capped), so repeated lookups of the same external name
// do not each cost a round trip upstream. Bounded: the oldest entry goes when it is full.
import type { Records, Rr } from './messages';

export interface CacheOptions {
  maxEntries: number;
  /** No answer is kept longer than this, whatever its TTL says. */
  maxTtlSeconds: number;
}

interface Entry {
  storedAt: number;
  expiresAt: number;
  records: Records;
}

/** How long a response may be kept: its smallest TTL, or for a negative answer its SOA's minimum. */
function lifetime(records: Records): number {
  if (records.rcode !== 'NOERROR' && records.rcode !== 'NXDOMAIN') return 0;
  if (records.answers.length) return Math.min(...records.answers.map((a) => a.ttl ?? 0));
  const soa = records.authorities.find((a) => a.type === 'SOA');
  if (!soa) return 0;
  return Math.min(soa.ttl ?? 0, (soa.data as { minimum: number }).minimum);
}

function aged(records: Rr[], seconds: number): Rr[] {
  return records.map((a) => ({ ...a, ttl: Math.max(0, (a.ttl ?? 0) - seconds) }));
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: CacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** A kept response with its TTLs counted down, or undefined. */
  get(key: string, now: number): Records | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    const elapsed = Math.floor((now - entry.storedAt) / 1000);
    const { records } = entry;
    return {
      ...records,
      answers: aged(records.answers, elapsed),
      authorities: aged(records.authorities, elapsed),
      additionals: aged(records.additionals, elapsed),
    };
  }

  put(key: string, records: Records, now: number): void {
    const seconds = Math.min(lifetime(records), this.options.maxTtlSeconds);
    if (seconds <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { storedAt: now, expiresAt: now + seconds * 1000, records });
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
