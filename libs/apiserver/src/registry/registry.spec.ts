import { findResource, type StatusError } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { firstValueFrom, take, toArray } from 'rxjs';
import { deleteObject } from './delete';
import { listObjects } from './list';
import { ObjectRegistry } from './object-registry';
import { bindPod } from './subresources';
import { watchObjects } from './watch';

const pods = findResource('', 'pods')!;
const namespaces = findResource('', 'namespaces')!;
const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

async function registry(): Promise<ObjectRegistry> {
  const r = new ObjectRegistry(new MemoryStore());
  await r.create(namespaces, undefined, { metadata: { name: 'default' } });
  return r;
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: StatusError) => e.code,
  );

describe('ObjectRegistry', () => {
  it('sets server-owned metadata and a Pending status on create', async () => {
    const r = await registry();
    const { object } = await r.create(pods, 'default', pod('a'));
    expect(object.metadata).toMatchObject({ namespace: 'default', generation: 1, uid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(object.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(await code(r.create(pods, 'default', pod('a')))).toBe(409);
    expect(await code(r.create(pods, 'nosuch', pod('b')))).toBe(404);
  });

  it('stores nothing on a dry run or an invalid object', async () => {
    const r = await registry();
    await r.create(pods, 'default', pod('dry'), { dryRun: true });
    const bad = pod('bad');
    bad.spec.containers[0]!.image = '';
    expect(await code(r.create(pods, 'default', bad))).toBe(422);
    expect((await listObjects(r.store, pods, 'default', {})).items).toEqual([]);
  });

  it('bumps generation on spec changes only and rejects stale updates', async () => {
    const r = await registry();
    const { object } = await r.create(pods, 'default', pod('a'));
    const labelled = await r.patch(pods, 'default', 'a', 'merge', { metadata: { labels: { x: 'y' } } });
    expect(labelled.object.metadata.generation).toBe(1);
    const changed = await r.patch(pods, 'default', 'a', 'strategic', { spec: { containers: [{ name: 'c', image: 'busybox:2' }] } });
    expect(changed.object.metadata.generation).toBe(2);
    expect(await code(r.update(pods, 'default', 'a', { ...object, metadata: { ...object.metadata } }))).toBe(409);
  });

  it('keeps a bound pod until its node confirms, and deletes an unbound one at once', async () => {
    const r = await registry();
    await r.create(pods, 'default', pod('bound'));
    await r.create(pods, 'default', pod('free'));
    await bindPod(r, pods, 'default', 'bound', { target: { name: 'n1' } });
    expect(await code(bindPod(r, pods, 'default', 'bound', { target: { name: 'n2' } }))).toBe(409);
    const marked = await deleteObject(r, pods, 'default', 'bound');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    await deleteObject(r, pods, 'default', 'free');
    expect((await listObjects(r.store, pods, 'default', {})).items.map((p) => p.metadata.name)).toEqual(['bound']);
    await deleteObject(r, pods, 'default', 'bound', { gracePeriodSeconds: 0 });
    expect((await listObjects(r.store, pods, 'default', {})).items).toEqual([]);
  });

  it('refuses to delete the default namespace, and to delete with a wrong uid precondition', async () => {
    const r = await registry();
    expect(await code(deleteObject(r, namespaces, undefined, 'default'))).toBe(403);
    await r.create(pods, 'default', pod('a'));
    expect(await code(deleteObject(r, pods, 'default', 'a', { preconditions: { uid: 'other' } }))).toBe(409);
  });

  it('lists with selectors and pages with limit/continue', async () => {
    const r = await registry();
    for (const n of ['a', 'b', 'c', 'd']) await r.create(pods, 'default', pod(n, { tier: n === 'b' ? 'back' : 'front' }));
    const front = await listObjects(r.store, pods, 'default', { labelSelector: 'tier in (front)' });
    expect(front.items.map((p) => p.metadata.name)).toEqual(['a', 'c', 'd']);
    const first = await listObjects(r.store, pods, undefined, { labelSelector: 'tier!=back', limit: 2 });
    expect(first.items.map((p) => p.metadata.name)).toEqual(['a', 'c']);
    const rest = await listObjects(r.store, pods, undefined, { labelSelector: 'tier!=back', limit: 2, continue: first.continue });
    expect(rest.items.map((p) => p.metadata.name)).toEqual(['d']);
    expect(rest.continue).toBeUndefined();
  });

  it('watches through a selector: objects leaving it arrive as DELETED', async () => {
    const r = await registry();
    await r.create(pods, 'default', pod('a', { app: 'web' }));
    const events = firstValueFrom(
      watchObjects(r.store, pods, 'default', { labelSelector: 'app=web', resourceVersion: '0' }).pipe(take(3), toArray()),
    );
    await r.patch(pods, 'default', 'a', 'merge', { metadata: { labels: { x: '1' } } });
    await r.patch(pods, 'default', 'a', 'merge', { metadata: { labels: { app: 'db' } } });
    expect((await events).map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('turns an expired watch revision into an ERROR event with 410', async () => {
    const r = await registry();
    await r.create(pods, 'default', pod('a'));
    await r.store.compact(await r.store.currentRevision());
    const event = await firstValueFrom(watchObjects(r.store, pods, 'default', { resourceVersion: '1' }));
    expect(event).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });
});
