import { namespaces, pods as PODS, persistentVolumeClaims as PVCS, statefulSets as STATEFULSETS } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { GarbageCollector } from './garbage-collector';
import { Informer } from './informer';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

const claim = (name: string, ownerReferences: object[]) => ({
  metadata: { name, ownerReferences },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

describe('GarbageCollector with anyOwner dependents', () => {
  it('collects a claim once every owner it names is gone, controller or not, and leaves unowned claims', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    const { object: set } = await registry.create(STATEFULSETS, 'default', {
      metadata: { name: 'web' },
      spec: {
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    });
    const { object: pod } = await registry.create(PODS, 'default', {
      metadata: { name: 'web-1' },
      spec: { containers: [{ name: 'c', image: 'b' }] },
    });
    const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid };
    const podRef = { apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: pod.metadata.uid };
    await registry.create(PVCS, 'default', claim('www-web-0', [setRef]));
    await registry.create(PVCS, 'default', claim('www-web-1', [podRef]));
    await registry.create(PVCS, 'default', claim('kept', []));
    const informers = [
      new Informer(registry.store, STATEFULSETS),
      new Informer(registry.store, PODS),
      new Informer(registry.store, PVCS),
    ] as const;
    await Promise.all(informers.map((i) => i.start()));
    const [sets, pods, claims] = informers;
    const gc = new GarbageCollector(registry, [{ dependents: claims, owners: { StatefulSet: sets, Pod: pods }, anyOwner: true }]);
    const names = () =>
      claims
        .list()
        .map((c) => c.metadata.name)
        .sort();
    try {
      await deleteObject(registry, STATEFULSETS, 'default', 'web');
      await until(() => names().length === 2);
      expect(names()).toEqual(['kept', 'www-web-1']);
      await deleteObject(registry, PODS, 'default', 'web-1', { gracePeriodSeconds: 0 });
      await until(() => names().length === 1);
      expect(names()).toEqual(['kept']);
    } finally {
      gc.stop();
      for (const i of informers) i.stop();
    }
  });
});
