import { namespaces, pods as PODS } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from './informer';

const owner = (uid: string, controller = true) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, controller });
const pod = (name: string, ownerReferences: object[]) => ({
  metadata: { name, ownerReferences },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('Informer', () => {
  it('indexes objects by their controlling owner, following changes of owner and deletions', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    await registry.create(PODS, 'default', pod('a1', [owner('a')]));
    const pods = new Informer(registry.store, PODS);
    await pods.start();
    try {
      await registry.create(PODS, 'default', pod('a2', [owner('a')]));
      await registry.create(PODS, 'default', pod('b1', [owner('b')]));
      await registry.create(PODS, 'default', pod('loose', [owner('a', false)]));
      const names = (uid: string) =>
        pods
          .controlledBy(uid)
          .map((p) => p.metadata.name)
          .sort();
      await until(() => pods.list().length === 4);
      expect([names('a'), names('b')]).toEqual([['a1', 'a2'], ['b1']]);

      await registry.patch(PODS, 'default', 'a2', 'merge', { metadata: { ownerReferences: [owner('b')] } });
      await deleteObject(registry, PODS, 'default', 'a1');
      await until(() => names('a').length === 0 && names('b').length === 2);
      expect([names('a'), names('b')]).toEqual([[], ['a2', 'b1']]);
    } finally {
      pods.stop();
    }
  });
});
