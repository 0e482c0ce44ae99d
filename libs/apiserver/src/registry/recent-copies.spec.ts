import { namespaces, pods, type StatusError } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { type Obj, ObjectRegistry } from './object-registry';
import { bindPod } from './subresources';

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

/** A registry whose recent copies are whatever the test froze in `copies` (an informer that lags). */
async function withCopies() {
  const registry = new ObjectRegistry(new MemoryStore());
  const copies = new Map<string, Obj>();
  registry.recentCopies = (resource, namespace, name) => copies.get(`${resource.plural}/${namespace ?? ''}/${name}`);
  const remember = (object: Obj) =>
    copies.set(`${object.metadata.namespace ? 'pods' : 'namespaces'}/${object.metadata.namespace ?? ''}/${object.metadata.name}`, object);
  remember((await registry.create(namespaces, undefined, { metadata: { name: 'default' } })).object);
  return { registry, remember, copies };
}

describe('writes that start from a recent copy', () => {
  it('modify from a stale copy loses no update: the conflict makes it read the store', async () => {
    const { registry, remember } = await withCopies();
    const created = (await registry.create(pods, 'default', pod('a'))).object;
    remember(created);
    await registry.modify(pods, 'default', 'a', (p) => ({ ...p, metadata: { ...p.metadata, labels: { first: '1' } } }));
    // The copy still has the pod as created; the second change must keep the first.
    const after = await registry.modify(pods, 'default', 'a', (p) => ({
      ...p,
      metadata: { ...p.metadata, labels: { ...p.metadata.labels, second: '2' } },
    }));
    expect(after.metadata.labels).toEqual({ first: '1', second: '2' });
    expect((await registry.get(pods, 'default', 'a')).metadata.labels).toEqual({ first: '1', second: '2' });
  });

  it('modify never changes the copy it started from', async () => {
    const { registry, remember, copies } = await withCopies();
    remember((await registry.create(pods, 'default', pod('a'))).object);
    await registry.modify(pods, 'default', 'a', (p) => ({ ...p, metadata: { ...p.metadata, labels: { x: '1' } } }));
    expect(copies.get('pods/default/a')!.metadata.labels).toBeUndefined();
  });

  it('bind from a stale copy sees the store: a pod bound meanwhile is not bound twice', async () => {
    const { registry, remember } = await withCopies();
    remember((await registry.create(pods, 'default', pod('a'))).object);
    await bindPod(registry, pods, 'default', 'a', { target: { name: 'node-1' } });
    const second = await bindPod(registry, pods, 'default', 'a', { target: { name: 'node-2' } }).then(
      () => undefined,
      (e: StatusError) => e,
    );
    expect(second?.code).toBe(409);
    expect(second?.message).toMatch(/already assigned to node "node-1"/);
    expect((await registry.get(pods, 'default', 'a')).spec.nodeName).toBe('node-1');
  });

  it('bind from a stale copy of a pod changed meanwhile still binds', async () => {
    const { registry, remember } = await withCopies();
    remember((await registry.create(pods, 'default', pod('a'))).object);
    await registry.modify(pods, 'default', 'a', (p) => ({ ...p, metadata: { ...p.metadata, labels: { changed: 'yes' } } }));
    await bindPod(registry, pods, 'default', 'a', { target: { name: 'node-1' } });
    const stored = await registry.get(pods, 'default', 'a');
    expect(stored.spec.nodeName).toBe('node-1');
    expect(stored.metadata.labels).toEqual({ changed: 'yes' });
  });

  it('a namespace too new for the copies is read from the store; one the copies show terminating refuses creates', async () => {
    const { registry, remember } = await withCopies();
    await registry.create(namespaces, undefined, { metadata: { name: 'fresh' } });
    expect((await registry.create(pods, 'fresh', pod('a'))).object.metadata.namespace).toBe('fresh');
    remember({ metadata: { name: 'fresh', deletionTimestamp: '2026-11-25T10:00:00Z' } });
    const refused = await registry.create(pods, 'fresh', pod('b')).then(
      () => undefined,
      (e: StatusError) => e,
    );
    expect(refused?.code).toBe(403);
  });
});
