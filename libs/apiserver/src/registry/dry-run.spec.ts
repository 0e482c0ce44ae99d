// dryRun=All on every write verb: the answer is what would be stored, and the store's revision
// (bumped by any write at all) stays where it was.
import { findResource, type KubeObject } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { deleteObject } from './delete';
import { ObjectRegistry } from './object-registry';
import { ServiceAllocator } from './service-allocation';
import { bindPod, evictPod, writeScale } from './subresources';

const [NAMESPACES, PODS, DEPLOYMENTS, SERVICES, CONFIGMAPS, PDBS] = [
  ['', 'namespaces'],
  ['', 'pods'],
  ['apps', 'deployments'],
  ['', 'services'],
  ['', 'configmaps'],
  ['policy', 'poddisruptionbudgets'],
].map(([group, plural]) => findResource(group!, plural!)!);

const deployment = (replicas: number) => ({
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] } },
  },
});

async function cluster() {
  const store = new MemoryStore();
  const r = new ObjectRegistry(store).withFieldManager('kube-apiserver');
  r.allocators.set(SERVICES!, new ServiceAllocator(store, { serviceCidr: '198.18.128.0/30', nodePorts: { first: 30000, last: 30001 } }));
  await r.create(NAMESPACES!, undefined, { metadata: { name: 'default' } });
  await r.create(DEPLOYMENTS!, 'default', deployment(1), { fieldManager: 'kubectl-create' });
  await r.create(CONFIGMAPS!, 'default', { metadata: { name: 'settings' }, data: { a: '1' } });
  await r.create(PODS!, 'default', { metadata: { name: 'p', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  await r.create(PDBS!, 'default', { metadata: { name: 'b' }, spec: { minAvailable: 0, selector: { matchLabels: { app: 'web' } } } });
  return { r, store };
}

/** Runs `write` as a dry run and checks nothing was written; gives its answer. */
async function dry<T>(write: (r: ObjectRegistry) => Promise<T>): Promise<T> {
  const { r, store } = await cluster();
  const before = await store.currentRevision();
  const answer = await write(r);
  expect(await store.currentRevision()).toBe(before);
  return answer;
}

const object = (result: { object: KubeObject }) => result.object as KubeObject & { spec?: { replicas?: number } };

describe('dryRun=All', () => {
  it('answers a create with what would be stored, uid and field managers included', async () => {
    const created = object(
      await dry((r) =>
        r.create(CONFIGMAPS!, 'default', { metadata: { name: 'new' }, data: { a: '1' } }, { dryRun: true, fieldManager: 'ci' }),
      ),
    );
    expect(created.metadata).toMatchObject({
      name: 'new',
      uid: expect.any(String),
      managedFields: [expect.objectContaining({ manager: 'ci' })],
    });
    expect(created.metadata.resourceVersion).toBeUndefined();
  });

  it('answers update, patch and apply with the changed object', async () => {
    const updated = object(
      await dry(async (r) =>
        r.update(
          DEPLOYMENTS!,
          'default',
          'web',
          { ...(await r.get(DEPLOYMENTS!, 'default', 'web')), spec: deployment(4).spec },
          { dryRun: true },
        ),
      ),
    );
    expect(updated.spec!.replicas).toBe(4);
    const patched = object(
      await dry((r) => r.patch(DEPLOYMENTS!, 'default', 'web', 'merge', { spec: { replicas: 5 } }, { dryRun: true, fieldManager: 'k' })),
    );
    expect(patched.spec!.replicas).toBe(5);
    const applied = { apiVersion: 'apps/v1', kind: 'Deployment', ...deployment(6) };
    const apply = object(
      await dry((r) => r.patch(DEPLOYMENTS!, 'default', 'web', 'apply', applied, { dryRun: true, fieldManager: 'ci', force: true })),
    );
    expect(apply.spec!.replicas).toBe(6);
    const createdByApply = object(
      await dry((r) =>
        r.patch(
          DEPLOYMENTS!,
          'default',
          'other',
          'apply',
          { ...applied, metadata: { name: 'other' } },
          { dryRun: true, fieldManager: 'ci' },
        ),
      ),
    );
    expect(createdByApply.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'ci', operation: 'Apply' })]);
  });

  it('answers status and scale writes without storing them', async () => {
    const status = object(
      await dry((r) =>
        r.patch(
          DEPLOYMENTS!,
          'default',
          'web',
          'merge',
          { status: { replicas: 9 } },
          { dryRun: true, subresource: 'status', fieldManager: 'k' },
        ),
      ),
    );
    expect((status as { status?: { replicas?: number } }).status?.replicas).toBe(9);
    const scale = await dry((r) => writeScale(r, DEPLOYMENTS!, 'default', 'web', { type: 'merge', body: { spec: { replicas: 7 } } }, true));
    expect(scale.spec.replicas).toBe(7);
  });

  it('deletes nothing: one object, a collection, an eviction', async () => {
    const deleted = await dry((r) => deleteObject(r, CONFIGMAPS!, 'default', 'settings', { dryRun: true }));
    expect(deleted.metadata.name).toBe('settings');
    await dry((r) => deleteObject(r, PODS!, 'default', 'p', { dryRun: true, gracePeriodSeconds: 0 }));
    await dry((r) => evictPod(r, PODS!, 'default', 'p', { apiVersion: 'policy/v1', kind: 'Eviction' }, true));
    await dry((r) => evictPod(r, PODS!, 'default', 'p', { apiVersion: 'policy/v1', kind: 'Eviction', deleteOptions: { dryRun: ['All'] } }));
  });

  it('binds nothing, and a real binding records no field manager', async () => {
    await dry((r) => bindPod(r, PODS!, 'default', 'p', { target: { kind: 'Node', name: 'n1' } }, true));
    const { r } = await cluster();
    const before = (await r.get(PODS!, 'default', 'p')).metadata.managedFields;
    await bindPod(r.withFieldManager('kube-scheduler'), PODS!, 'default', 'p', { target: { kind: 'Node', name: 'n1' } });
    const bound = await r.get<KubeObject & { spec: { nodeName?: string } }>(PODS!, 'default', 'p');
    expect(bound.spec.nodeName).toBe('n1');
    expect(bound.metadata.managedFields).toEqual(before);
  });

  it('shows a Service its cluster IP without reserving it', async () => {
    const { r } = await cluster();
    const first = object(
      await r.create(SERVICES!, 'default', { metadata: { name: 'a' }, spec: { ports: [{ port: 80 }] } }, { dryRun: true }),
    );
    const second = object(await r.create(SERVICES!, 'default', { metadata: { name: 'b' }, spec: { ports: [{ port: 80 }] } }));
    expect((first as { spec?: { clusterIP?: string } }).spec?.clusterIP).toBe('198.18.128.1');
    expect((second as { spec?: { clusterIP?: string } }).spec?.clusterIP).toBe('198.18.128.1');
  });
});
