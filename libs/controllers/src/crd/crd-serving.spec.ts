import { customResourceDefinitions, DynamicResources, findResource } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { CustomResourceServing } from './crd-serving';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(check()).toBe(true);
};

describe('CustomResourceServing', () => {
  it('serves the stored definitions without writing anything, as a follower control plane must', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    const crd = (plural: string, kind: string) => ({
      metadata: { name: `${plural}.example.com` },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural, kind },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    });
    await registry.create(customResourceDefinitions, undefined, crd('crontabs', 'CronTab'));
    const informer = new Informer(store, customResourceDefinitions);
    await informer.start();
    const served = new DynamicResources();
    const serving = new CustomResourceServing(informer, served);
    try {
      expect(served.owners()).toEqual(['crontabs.example.com']);
      await registry.create(customResourceDefinitions, undefined, crd('backups', 'Backup'));
      await until(() => served.owners().length === 2);
      await deleteObject(registry, customResourceDefinitions, undefined, 'crontabs.example.com');
      // Being deleted, it is still served (its objects' finalizers must be removable), taking no new objects.
      await until(() => served.all().some((s) => s.plural === 'crontabs' && s.terminating === true));
      await registry.patch(customResourceDefinitions, undefined, 'crontabs.example.com', 'merge', { metadata: { finalizers: null } });
      await until(() => served.owners().join() === 'backups.example.com');
      // Nothing written: the definitions' status is the leader's controller's business.
      const stored = await registry.get(customResourceDefinitions, undefined, 'backups.example.com');
      expect(stored.status?.conditions ?? []).toEqual([]);
      expect(findResource('example.com', 'backups')).toBeUndefined();
    } finally {
      serving.stop();
      informer.stop();
    }
  });
});
