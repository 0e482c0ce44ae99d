// The behaviour every Store must have, as a Jest suite: run it against each implementation
// (MemoryStore in unit tests, EtcdStore against a real etcd in test/e2e).
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import {
  KeyExistsError,
  KeyNotFoundError,
  MAX_VALUE_BYTES,
  RevisionCompactedError,
  RevisionConflictError,
  revisionOf,
  type Store,
  type StoredObject,
  type StoreEvent,
  ValueTooLargeError,
} from '../store';

type Doc = StoredObject & { value?: number };
type Opened = { store: Store; cleanup(): Promise<void> };

let counter = 0;
/** A key prefix no other test uses, so suites can share one store. */
function space(): string {
  return `/conformance/${Date.now().toString(36)}-${process.pid}-${counter++}/`;
}

function doc(name: string, extra: Partial<Doc> = {}): Doc {
  return { metadata: { name }, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

export function describeStoreConformance(name: string, open: () => Promise<Opened>): void {
  describe(`${name} (Store conformance)`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it("creates and reads back an object, stamped with the store's resourceVersion", async () => {
      const p = space();
      const created = await store.create(`${p}a`, { metadata: { name: 'a', resourceVersion: 'bogus' }, value: 1 });
      expect(created.metadata.resourceVersion).toMatch(/^[1-9]\d*$/);
      expect(await store.get(`${p}a`)).toEqual(created);
      expect(await store.get(`${p}missing`)).toBeUndefined();
    });

    it('refuses to create a key twice', async () => {
      const p = space();
      await store.create(`${p}a`, doc('a'));
      await expect(store.create(`${p}a`, doc('a'))).rejects.toBeInstanceOf(KeyExistsError);
    });

    it('updates only at the expected revision, reports the actual one, and keeps the value on conflict', async () => {
      const p = space();
      const first = await store.create(`${p}a`, doc('a', { value: 1 }));
      const second = await store.update(`${p}a`, { ...first, value: 2 }, revisionOf(first));
      expect(revisionOf(second)).toBeGreaterThan(revisionOf(first));
      const conflict = await rejection(store.update(`${p}a`, { ...first, value: 3 }, revisionOf(first)));
      expect(conflict).toBeInstanceOf(RevisionConflictError);
      expect((conflict as RevisionConflictError).actual).toBe(revisionOf(second));
      expect(await store.get<Doc>(`${p}a`)).toEqual(second);
    });

    it('refuses a value over the size limit, on create and on update, and keeps what was there', async () => {
      const p = space();
      const big = 'x'.repeat(MAX_VALUE_BYTES);
      await expect(store.create(`${p}big`, doc('big', { big }))).rejects.toBeInstanceOf(ValueTooLargeError);
      expect(await store.get(`${p}big`)).toBeUndefined();
      const small = await store.create(`${p}a`, doc('a', { value: 1 }));
      await expect(store.update(`${p}a`, { ...small, big }, revisionOf(small))).rejects.toBeInstanceOf(ValueTooLargeError);
      expect(await store.get(`${p}a`)).toEqual(small);
    });

    it('never creates a key through update, whatever the expected revision', async () => {
      const p = space();
      await expect(store.update(`${p}nope`, doc('nope'), 1)).rejects.toBeInstanceOf(KeyNotFoundError);
      await expect(store.update(`${p}nope`, doc('nope'), 0)).rejects.toBeInstanceOf(KeyNotFoundError);
      expect(await store.get(`${p}nope`)).toBeUndefined();
    });

    it('deletes at the expected revision and returns the deleted object', async () => {
      const p = space();
      const created = await store.create(`${p}a`, doc('a', { value: 7 }));
      await expect(store.delete(`${p}a`, revisionOf(created) + 1000)).rejects.toBeInstanceOf(RevisionConflictError);
      expect(await store.get(`${p}a`)).toEqual(created);
      const deleted = await store.delete<Doc>(`${p}a`, revisionOf(created));
      expect(deleted.value).toBe(7);
      expect(revisionOf(deleted)).toBeGreaterThan(revisionOf(created));
      expect(await store.get(`${p}a`)).toBeUndefined();
      await expect(store.delete(`${p}a`)).rejects.toBeInstanceOf(KeyNotFoundError);
      await store.create(`${p}b`, doc('b', { value: 8 }));
      expect((await store.delete<Doc>(`${p}b`)).value).toBe(8);
    });

    it('lists by prefix in key order, and nothing from a sibling prefix', async () => {
      const p = space();
      for (const k of ['b/2', 'b/1', 'b/3', 'bc', 'a']) await store.create(`${p}${k}`, doc(k));
      const listed = await store.list(`${p}b/`);
      expect(listed.items.map((o) => o.metadata.name)).toEqual(['b/1', 'b/2', 'b/3']);
      expect(listed.more).toBe(false);
      expect(listed.revision).toBeGreaterThanOrEqual(Math.max(...listed.items.map(revisionOf)));
      const fromBelow = await store.list(`${p}b/`, { startAfter: `${p}a` });
      expect(fromBelow.items.map((o) => o.metadata.name)).toEqual(['b/1', 'b/2', 'b/3']);
    });

    it('pages with limit and startAfter over a fixed revision, unaffected by later writes', async () => {
      const p = space();
      for (let i = 0; i < 5; i++) await store.create(`${p}${i}`, doc(String(i), { value: i }));
      const page1 = await store.list<Doc>(p, { limit: 2 });
      expect(page1.items.map((o) => o.value)).toEqual([0, 1]);
      expect(page1.more).toBe(true);
      await store.create(`${p}9`, doc('9'));
      const current = (await store.get<Doc>(`${p}2`))!;
      await store.update(`${p}2`, { ...current, value: 20 }, revisionOf(current));
      await store.delete(`${p}3`);
      const page2 = await store.list<Doc>(p, { limit: 2, startAfter: `${p}1`, revision: page1.revision });
      expect(page2.items.map((o) => o.value)).toEqual([2, 3]);
      expect(page2.more).toBe(true);
      expect(page2.revision).toBe(page1.revision);
      const page3 = await store.list<Doc>(p, { limit: 2, startAfter: `${p}3`, revision: page1.revision });
      expect(page3.items.map((o) => o.value)).toEqual([4]);
      expect(page3.more).toBe(false);
    });

    it('bumps the revision on every write', async () => {
      const p = space();
      const before = await store.currentRevision();
      const a = await store.create(`${p}a`, doc('a'));
      const a2 = await store.update(`${p}a`, { ...a, value: 1 }, revisionOf(a));
      const deleted = await store.delete(`${p}a`);
      const b = await store.create(`${p}b`, doc('b'));
      const revisions = [before, ...[a, a2, deleted, b].map(revisionOf)];
      for (let i = 1; i < revisions.length; i++) expect(revisions[i]).toBeGreaterThan(revisions[i - 1]!);
      expect(await store.currentRevision()).toBeGreaterThanOrEqual(revisionOf(b));
    });

    it('watches from a list revision: exactly the later changes under the prefix, in order', async () => {
      const p = space();
      await store.create(`${p}w/old`, doc('old'));
      const { revision } = await store.list(`${p}w/`);
      const events = firstValueFrom(store.watch<Doc>(`${p}w/`, revision).pipe(take(3), toArray()));
      await store.create(`${p}wx`, doc('sibling'));
      const a = await store.create(`${p}w/a`, doc('a', { value: 1 }));
      const a2 = await store.update(`${p}w/a`, { ...a, value: 2 }, revisionOf(a));
      await store.delete(`${p}w/a`, revisionOf(a2));
      const seen = await events;
      expect(seen.map((e) => [e.type, e.key, e.object.value])).toEqual([
        ['ADDED', `${p}w/a`, 1],
        ['MODIFIED', `${p}w/a`, 2],
        ['DELETED', `${p}w/a`, 2],
      ]);
      expect(seen[0]!.previous).toBeUndefined();
      expect(seen[1]!.previous).toEqual(a);
      expect(seen[2]!.previous).toEqual(a2);
      expect(seen.map((e) => revisionOf(e.object))).toEqual(seen.map((e) => e.revision));
      expect(seen[1]!.revision).toBe(revisionOf(a2));
      expect(seen[2]!.revision).toBeGreaterThan(seen[1]!.revision);
    });

    it('replays history when watching from an older revision', async () => {
      const p = space();
      const start = await store.currentRevision();
      await store.create(`${p}x`, doc('x'));
      await store.create(`${p}y`, doc('y'));
      const seen = await firstValueFrom(store.watch(p, start).pipe(take(2), toArray()));
      expect(seen.map((e) => e.object.metadata.name)).toEqual(['x', 'y']);
    });

    it('replays to a later watcher what an open watch already delivered, previous objects included', async () => {
      const p = space();
      const start = await store.currentRevision();
      const live: StoreEvent<Doc>[] = [];
      const open = store.watch<Doc>(p, start).subscribe((e) => live.push(e));
      try {
        const a = await store.create(`${p}a`, doc('a', { value: 1 }));
        await store.update(`${p}a`, { ...a, value: 2 }, revisionOf(a));
        for (let i = 0; live.length < 2 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
        // With the first watch still open, a shared watch log serves this one from memory.
        const replay = await firstValueFrom(store.watch<Doc>(p, start).pipe(take(2), toArray()));
        expect(replay.map((e) => [e.type, e.object.value, e.previous?.value])).toEqual([
          ['ADDED', 1, undefined],
          ['MODIFIED', 2, 1],
        ]);
        expect(replay.map((e) => e.object)).toEqual(live.map((e) => e.object));
      } finally {
        open.unsubscribe();
      }
    });

    it('fails watches and reads from before a compaction with RevisionCompactedError', async () => {
      const p = space();
      const start = await store.currentRevision();
      const a = await store.create(`${p}a`, doc('a'));
      await store.update(`${p}a`, { ...a, value: 1 }, revisionOf(a));
      await store.compact(await store.currentRevision());
      await expect(firstValueFrom(store.watch(p, start))).rejects.toBeInstanceOf(RevisionCompactedError);
      await expect(store.list(p, { revision: revisionOf(a) })).rejects.toBeInstanceOf(RevisionCompactedError);
      expect((await store.get<Doc>(`${p}a`))?.value).toBe(1);
    });

    it('loses no update when 50 clients read-modify-write one counter', async () => {
      const p = space();
      await store.create(`${p}counter`, doc('counter', { value: 0 }));
      let wins = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (;;) {
            const current = (await store.get<Doc>(`${p}counter`))!;
            try {
              await store.update(`${p}counter`, { ...current, value: current.value! + 1 }, revisionOf(current));
              wins++;
              return;
            } catch (err) {
              if (!(err instanceof RevisionConflictError)) throw err;
            }
          }
        }),
      );
      expect(wins).toBe(50);
      expect((await store.get<Doc>(`${p}counter`))!.value).toBe(wins);
    });

    it('lets exactly one of many concurrent creates of a key win', async () => {
      const p = space();
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.create(`${p}one`, doc('one', { value: i }))));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof KeyExistsError)).toHaveLength(19);
      expect(await store.get(`${p}one`)).toEqual(won[0]!.value);
    });

    it('completes its watches when it closes', async () => {
      const other = await open();
      try {
        const watching = lastValueFrom(other.store.watch(space(), await other.store.currentRevision()).pipe(toArray()));
        await other.store.close();
        expect(await watching).toEqual([]);
      } finally {
        await other.cleanup();
      }
    });
  });
}
