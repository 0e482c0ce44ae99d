// The behaviour every Store must have, as a Jest suite: run it against each implementation
// (MemoryStore in unit tests, EtcdStore against a real etcd in test/e2e).
import { firstValueFrom, take, toArray } from 'rxjs';
import { KeyExistsError, KeyNotFoundError, RevisionCompactedError, RevisionConflictError, revisionOf, Store, StoredObject } from '../store';

type Doc = StoredObject & { value?: number; note?: string };

let counter = 0;
/** A key prefix no other test uses, so suites can share one store. */
function space(): string {
  return `/conformance/${Date.now().toString(36)}-${process.pid}-${counter++}/`;
}

function doc(name: string, extra: Partial<Doc> = {}): Doc {
  return { metadata: { name }, ...extra };
}

export function describeStoreConformance(name: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`${name} (Store conformance)`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('creates and reads back an object with its resourceVersion', async () => {
      const p = space();
      const created = await store.create(`${p}a`, doc('a', { value: 1 }));
      expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
      expect(await store.get(`${p}a`)).toEqual(created);
      expect(await store.get(`${p}missing`)).toBeUndefined();
    });

    it('refuses to create a key twice', async () => {
      const p = space();
      await store.create(`${p}a`, doc('a'));
      await expect(store.create(`${p}a`, doc('a'))).rejects.toBeInstanceOf(KeyExistsError);
    });

    it('updates only at the expected revision and keeps the value on conflict', async () => {
      const p = space();
      const first = await store.create(`${p}a`, doc('a', { value: 1 }));
      const second = await store.update(`${p}a`, { ...first, value: 2 }, revisionOf(first));
      expect(revisionOf(second)).toBeGreaterThan(revisionOf(first));
      await expect(store.update(`${p}a`, { ...first, value: 3 }, revisionOf(first))).rejects.toBeInstanceOf(RevisionConflictError);
      expect((await store.get<Doc>(`${p}a`))?.value).toBe(2);
      await expect(store.update(`${p}nope`, doc('nope'), 1)).rejects.toBeInstanceOf(KeyNotFoundError);
    });

    it('deletes at the expected revision and returns the deleted object', async () => {
      const p = space();
      const created = await store.create(`${p}a`, doc('a', { value: 7 }));
      await expect(store.delete(`${p}a`, revisionOf(created) + 1000)).rejects.toBeInstanceOf(RevisionConflictError);
      expect(await store.get(`${p}a`)).toBeDefined();
      const deleted = await store.delete<Doc>(`${p}a`, revisionOf(created));
      expect(deleted.value).toBe(7);
      expect(await store.get(`${p}a`)).toBeUndefined();
      await expect(store.delete(`${p}a`)).rejects.toBeInstanceOf(KeyNotFoundError);
    });

    it('lists by prefix in key order, and nothing from a sibling prefix', async () => {
      const p = space();
      for (const k of ['b/2', 'b/1', 'b/3', 'bc']) await store.create(`${p}${k}`, doc(k));
      const listed = await store.list(`${p}b/`);
      expect(listed.items.map((o) => o.metadata.name)).toEqual(['b/1', 'b/2', 'b/3']);
      expect(listed.more).toBe(false);
      expect(listed.revision).toBeGreaterThanOrEqual(Math.max(...listed.items.map(revisionOf)));
    });

    it('pages with limit and startAfter over a fixed revision, unaffected by later writes', async () => {
      const p = space();
      for (let i = 0; i < 5; i++) await store.create(`${p}${i}`, doc(String(i), { value: i }));
      const page1 = await store.list<Doc>(p, { limit: 2 });
      expect(page1.items.map((o) => o.value)).toEqual([0, 1]);
      expect(page1.more).toBe(true);
      await store.create(`${p}9`, doc('9'));
      const current = await store.get<Doc>(`${p}2`);
      await store.update(`${p}2`, { ...current!, value: 20 }, revisionOf(current!));
      const page2 = await store.list<Doc>(p, { limit: 10, startAfter: `${p}1`, revision: page1.revision });
      expect(page2.items.map((o) => o.value)).toEqual([2, 3, 4]);
      expect(page2.more).toBe(false);
    });

    it('bumps the revision on every write', async () => {
      const p = space();
      const before = await store.currentRevision();
      const a = await store.create(`${p}a`, doc('a'));
      const b = await store.create(`${p}b`, doc('b'));
      expect(revisionOf(a)).toBeGreaterThan(before);
      expect(revisionOf(b)).toBeGreaterThan(revisionOf(a));
      expect(await store.currentRevision()).toBeGreaterThanOrEqual(revisionOf(b));
    });

    it('watches from a list revision: exactly the later changes, in order, with previous values', async () => {
      const p = space();
      await store.create(`${p}old`, doc('old'));
      const { revision } = await store.list(p);
      const events = firstValueFrom(store.watch<Doc>(p, revision).pipe(take(3), toArray()));
      const a = await store.create(`${p}a`, doc('a', { value: 1 }));
      const a2 = await store.update(`${p}a`, { ...a, value: 2 }, revisionOf(a));
      await store.delete(`${p}a`, revisionOf(a2));
      const seen = await events;
      expect(seen.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      expect(seen.map((e) => e.object.value)).toEqual([1, 2, 2]);
      expect(seen[1]!.previous?.value).toBe(1);
      expect(seen[2]!.previous?.value).toBe(2);
      expect(seen[2]!.revision).toBeGreaterThan(seen[1]!.revision);
      expect(seen.every((e) => e.key.startsWith(p))).toBe(true);
    });

    it('replays history when watching from an older revision', async () => {
      const p = space();
      const start = await store.currentRevision();
      await store.create(`${p}x`, doc('x'));
      await store.create(`${p}y`, doc('y'));
      const seen = await firstValueFrom(store.watch(p, start).pipe(take(2), toArray()));
      expect(seen.map((e) => e.object.metadata.name)).toEqual(['x', 'y']);
    });

    it('fails a watch from before a compaction with RevisionCompactedError', async () => {
      const p = space();
      const start = await store.currentRevision();
      const a = await store.create(`${p}a`, doc('a'));
      await store.update(`${p}a`, { ...a, value: 1 }, revisionOf(a));
      await store.compact(await store.currentRevision());
      await expect(firstValueFrom(store.watch(p, start))).rejects.toBeInstanceOf(RevisionCompactedError);
    });

    it('loses no update when 50 clients read-modify-write one counter', async () => {
      const p = space();
      await store.create(`${p}counter`, doc('counter', { value: 0 }));
      let wins = 0;
      let conflicts = 0;
      await Promise.all(Array.from({ length: 50 }, async () => {
        for (;;) {
          const current = (await store.get<Doc>(`${p}counter`))!;
          try {
            await store.update(`${p}counter`, { ...current, value: current.value! + 1 }, revisionOf(current));
            wins++;
            return;
          } catch (err) {
            if (!(err instanceof RevisionConflictError)) throw err;
            conflicts++;
          }
        }
      }));
      expect(wins).toBe(50);
      expect((await store.get<Doc>(`${p}counter`))!.value).toBe(50);
      expect(conflicts).toBeGreaterThanOrEqual(0);
    });

    it('lets exactly one of many concurrent creates of a key win', async () => {
      const p = space();
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.create(`${p}one`, doc('one', { value: i }))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof KeyExistsError)).toHaveLength(19);
    });
  });
}
