import type { Rr } from './messages';
import { ResponseCache } from './response-cache';

const a = (ttl: number): Rr => ({ name: 'a.example.test', type: 'A', ttl, data: '198.18.77.7' });
const soa = (ttl: number, minimum: number): Rr => ({
  name: 'example.test',
  type: 'SOA',
  ttl,
  data: { mname: 'ns', rname: 'h', serial: 1, refresh: 1, retry: 1, expire: 1, minimum },
});

describe('ResponseCache', () => {
  it('keeps an answer for its smallest TTL, counting the TTLs down', () => {
    const cache = new ResponseCache({ maxEntries: 10, maxTtlSeconds: 300 });
    cache.put('k', { rcode: 'NOERROR', answers: [a(60), a(20)], authorities: [], additionals: [] }, 0);
    expect(cache.get('k', 5_000)?.answers.map((r) => r.ttl)).toEqual([55, 15]);
    expect(cache.get('k', 20_000)).toBeUndefined();
  });

  it("caps the lifetime, keeps a negative answer for its SOA's minimum and never keeps SERVFAIL", () => {
    const cache = new ResponseCache({ maxEntries: 10, maxTtlSeconds: 30 });
    cache.put('long', { rcode: 'NOERROR', answers: [a(3600)], authorities: [], additionals: [] }, 0);
    expect(cache.get('long', 31_000)).toBeUndefined();
    cache.put('nx', { rcode: 'NXDOMAIN', answers: [], authorities: [soa(900, 10)], additionals: [] }, 0);
    expect(cache.get('nx', 9_000)?.rcode).toBe('NXDOMAIN');
    expect(cache.get('nx', 11_000)).toBeUndefined();
    cache.put('fail', { rcode: 'SERVFAIL', answers: [], authorities: [], additionals: [] }, 0);
    expect(cache.get('fail', 0)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxTtlSeconds: 30 });
    for (const key of ['x', 'y', 'z']) cache.put(key, { rcode: 'NOERROR', answers: [a(10)], authorities: [], additionals: [] }, 0);
    expect([cache.size, cache.get('x', 0), !!cache.get('z', 0)]).toEqual([2, undefined, true]);
  });
});
