import { firstValueFrom, take, toArray } from 'rxjs';
import { RevisionCompactedError, type StoreEvent } from './store';
import { WatchCache } from './watch-cache';

const event = (revision: number, key = `/pods/default/p${revision}`): StoreEvent => ({
  type: 'ADDED',
  key,
  revision,
  object: { metadata: { name: key } },
});

function filled(capacity: number, count: number): WatchCache {
  const cache = new WatchCache(0, capacity);
  for (let r = 1; r <= count; r++) cache.append(event(r));
  return cache;
}

describe('WatchCache', () => {
  it('replays exactly the events after a revision, then follows new ones', async () => {
    const cache = filled(100, 10);
    const seen = firstValueFrom(cache.watch('/pods/', 7).pipe(take(4), toArray()));
    cache.append(event(11));
    expect((await seen).map((e) => e.revision)).toEqual([8, 9, 10, 11]);
  });

  it('filters by prefix during replay and live', async () => {
    const cache = new WatchCache(0, 100);
    cache.append(event(1, '/pods/a'));
    cache.append(event(2, '/nodes/n'));
    const seen = firstValueFrom(cache.watch('/nodes/', 0).pipe(take(2), toArray()));
    cache.append(event(3, '/pods/b'));
    cache.append(event(4, '/nodes/m'));
    expect((await seen).map((e) => e.key)).toEqual(['/nodes/n', '/nodes/m']);
  });

  it('keeps at least its capacity and says which revisions it no longer covers', async () => {
    const cache = filled(8, 40);
    // Never fewer than the capacity: the last 8 events are always there.
    expect(cache.covers(32)).toBe(true);
    const replay = await firstValueFrom(cache.watch('/pods/', 32).pipe(take(8), toArray()));
    expect(replay.map((e) => e.revision)).toEqual([33, 34, 35, 36, 37, 38, 39, 40]);
    expect(cache.covers(0)).toBe(false);
    await expect(firstValueFrom(cache.watch('/pods/', 0))).rejects.toBeInstanceOf(RevisionCompactedError);
  });

  it('a revision it still covers replays with no gap, whatever was trimmed', async () => {
    const cache = filled(8, 40);
    for (let after = 0; after <= 40; after++) {
      if (!cache.covers(after)) continue;
      const expected = 40 - after;
      if (expected === 0) continue;
      const replay = await firstValueFrom(cache.watch('/pods/', after).pipe(take(expected), toArray()));
      expect(replay[0]!.revision).toBe(after + 1);
    }
  });
});
