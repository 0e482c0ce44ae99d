// EtcdStore against a real etcd: the Store conformance suite, plus what only etcd can show
// (the stored bytes, key prefixes, server-side watchers, an unreachable server).
import { Etcd3 } from 'etcd3';
import { describeStoreConformance } from '../../libs/store/src/conformance/store-conformance';
import { EtcdStore } from '../../libs/store/src/etcd/etcd-store';
import { StoreUnavailableError } from '../../libs/store/src/store';
import { freePort, type RunningEtcd, startEtcd, waitFor } from '../harness';

let etcd: RunningEtcd;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

describeStoreConformance('EtcdStore against a real etcd', async () => {
  const store = await EtcdStore.connect({ endpoints: [etcd.endpoint], tls: etcd.tls });
  return { store, cleanup: () => store.close() };
});

/** etcd's own count of watchers it is serving, from its Prometheus metrics. */
async function serverWatchers(): Promise<number> {
  const metrics = await etcd.get('/metrics');
  return Number(/^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
}

describe('EtcdStore specifics', () => {
  it('answers every one of many concurrent writes exactly as if it ran alone (writes share etcd transactions under load)', async () => {
    const store = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/batch-test', tls: etcd.tls });
    try {
      const keys = Array.from({ length: 200 }, (_, i) => `/things/k${i}`);
      // 200 creates at once, each key twice: exactly one of each pair wins.
      const creates = await Promise.all(
        [...keys, ...keys].map((key, i) =>
          store.create(key, { metadata: { name: key }, n: i }).then(
            () => 'created',
            (e: Error) => e.name,
          ),
        ),
      );
      expect(creates.filter((c) => c === 'created')).toHaveLength(200);
      expect(creates.filter((c) => c !== 'created').every((c) => c === 'KeyExistsError')).toBe(true);
      // Updates at once, half of them at a stale revision: those, and only those, conflict.
      const current = await Promise.all(keys.map((key) => store.get(key)));
      const updates = await Promise.all(
        current.map((object, i) => {
          const rv = Number(object!.metadata.resourceVersion);
          return store.update(keys[i]!, { ...object!, n: -(i + 1) }, i % 2 ? rv - 1 : rv).then(
            () => 'updated',
            (e: Error) => e.name,
          );
        }),
      );
      expect(updates.filter((u) => u === 'updated')).toHaveLength(100);
      expect(updates.filter((u, i) => i % 2 === 1 && u === 'RevisionConflictError')).toHaveLength(100);
      const after = await store.list<{ metadata: { name: string; resourceVersion?: string }; n: number }>('/things/');
      expect(after.items).toHaveLength(200);
      for (const item of after.items) {
        const i = Number(item.metadata.name.slice('/things/k'.length));
        if (i % 2 === 0) expect(item.n).toBe(-(i + 1));
        else expect(item.n).toBeGreaterThanOrEqual(0);
      }
      // Deletes at once, every object's revision as read.
      const deleted = await Promise.all(
        after.items.map((item) => store.delete(item.metadata.name, Number(item.metadata.resourceVersion)).then(() => true)),
      );
      expect(deleted.every(Boolean)).toBe(true);
      expect((await store.list('/things/')).items).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('stores plain JSON under its key prefix, without resourceVersion', async () => {
    const store = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/raw-test', tls: etcd.tls });
    const raw = new Etcd3({ hosts: [etcd.endpoint], credentials: await etcd.credentials() });
    try {
      const created = await store.create('/things/a', { metadata: { name: 'a', resourceVersion: '42' }, spec: { n: 1 } });
      const stored = await raw.get('/raw-test/things/a').string();
      expect(JSON.parse(stored!)).toEqual({ metadata: { name: 'a' }, spec: { n: 1 } });
      const kv = (await raw.get('/raw-test/things/a').exec()).kvs[0]!;
      expect(created.metadata.resourceVersion).toBe(kv.mod_revision);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('lists everything under a prefix across several etcd pages, at one revision, skipping later writes', async () => {
    const store = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/paged-list', tls: etcd.tls });
    const raw = new Etcd3({ hosts: [etcd.endpoint], credentials: await etcd.credentials() });
    try {
      // Big values make the pages after the first one small, so the list takes several round trips.
      const padding = 'x'.repeat(48 * 1024);
      const names = Array.from({ length: 1300 }, (_, i) => `p-${String(i).padStart(4, '0')}`);
      for (let i = 0; i < names.length; i += 100) {
        await Promise.all(
          names
            .slice(i, i + 100)
            .map((name) => raw.put(`/paged-list/big/${name}`).value(JSON.stringify({ metadata: { name }, data: padding }))),
        );
      }
      await raw.put('/paged-list/bigger').value(JSON.stringify({ metadata: { name: 'sibling' } }));
      const revision = await store.currentRevision();
      await raw.put('/paged-list/big/p-9999').value(JSON.stringify({ metadata: { name: 'later' } }));
      const listed = await store.list('/big/', { revision });
      expect(listed.more).toBe(false);
      expect(listed.revision).toBe(revision);
      expect(listed.items.map((o) => o.metadata.name)).toEqual(names);
      const after = await store.list('/big/', { revision, startAfter: '/big/p-1289' });
      expect(after.items.map((o) => o.metadata.name)).toEqual(names.slice(1290));
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('keeps stores with different prefixes apart', async () => {
    const one = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/cluster-one', tls: etcd.tls });
    const two = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/cluster-two', tls: etcd.tls });
    try {
      await one.create('/pods/x', { metadata: { name: 'x' } });
      expect(await two.get('/pods/x')).toBeUndefined();
      expect((await two.list('/')).items).toEqual([]);
      await expect(two.create('/pods/x', { metadata: { name: 'x' } })).resolves.toBeDefined();
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('cancels the etcd watcher when the last subscriber leaves', async () => {
    const store = await EtcdStore.connect({ endpoints: [etcd.endpoint], tls: etcd.tls });
    try {
      const before = await serverWatchers();
      const subscription = store.watch('/watch-cancel/', await store.currentRevision()).subscribe();
      await waitFor(async () => (await serverWatchers()) === before + 1, { what: 'etcd to serve the watch' });
      subscription.unsubscribe();
      await waitFor(async () => (await serverWatchers()) === before, { what: 'etcd to drop the watch' });
    } finally {
      await store.close();
    }
  });

  it('fails with StoreUnavailableError when nothing answers', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    await expect(EtcdStore.connect({ endpoints: [endpoint], requestTimeoutMs: 1000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
