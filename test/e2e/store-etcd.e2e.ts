// EtcdStore against a real etcd: the Store conformance suite, plus what only etcd can show
// (the stored bytes, key prefixes, server-side watchers, an unreachable server).
import { Etcd3 } from 'etcd3';
import * as http from 'http';
import { EtcdStore } from '../../libs/store/src/etcd/etcd-store';
import { describeStoreConformance } from '../../libs/store/src/conformance/store-conformance';
import { StoreUnavailableError } from '../../libs/store/src/store';
import { freePort, RunningEtcd, startEtcd, waitFor } from '../harness';

let etcd: RunningEtcd;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

describeStoreConformance('EtcdStore against a real etcd', async () => {
  const store = await EtcdStore.connect({ endpoints: [etcd.endpoint] });
  return { store, cleanup: () => store.close() };
});

/** etcd's own count of watchers it is serving, from its Prometheus metrics. */
function serverWatchers(endpoint: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(`${endpoint}/metrics`, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(Number(/^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(body)?.[1] ?? NaN)));
    }).on('error', reject);
  });
}

describe('EtcdStore specifics', () => {
  it('stores plain JSON under its key prefix, without resourceVersion', async () => {
    const store = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/raw-test' });
    const raw = new Etcd3({ hosts: [etcd.endpoint] });
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

  it('keeps stores with different prefixes apart', async () => {
    const one = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/cluster-one' });
    const two = await EtcdStore.connect({ endpoints: [etcd.endpoint], prefix: '/cluster-two' });
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
    const store = await EtcdStore.connect({ endpoints: [etcd.endpoint] });
    try {
      const before = await serverWatchers(etcd.endpoint);
      const subscription = store.watch('/watch-cancel/', await store.currentRevision()).subscribe();
      await waitFor(async () => (await serverWatchers(etcd.endpoint)) === before + 1, { what: 'etcd to serve the watch' });
      subscription.unsubscribe();
      await waitFor(async () => (await serverWatchers(etcd.endpoint)) === before, { what: 'etcd to drop the watch' });
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
