import { type CustomResourceDefinition, customResourceStrategies, DynamicResources, type Namespace, namespaces } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { NamespaceController } from './namespace-controller';

const CRD: CustomResourceDefinition = {
  metadata: { name: 'gadgets.toys.example.com' },
  spec: {
    group: 'toys.example.com',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('NamespaceController with custom kinds', () => {
  it('deletes the custom objects, shows what remains, then removes the namespace', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    const custom = new DynamicResources();
    custom.replace(CRD.metadata.name!, customResourceStrategies(CRD));
    const gadgets = custom.all()[0]!;
    await registry.create(namespaces, undefined, { metadata: { name: 'toybox' } });
    await registry.create(gadgets, 'toybox', {
      apiVersion: 'toys.example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'held', finalizers: ['toys.example.com/hold'] },
    });
    await registry.create(gadgets, 'toybox', { apiVersion: 'toys.example.com/v1', kind: 'Gadget', metadata: { name: 'free' } });
    const informer = new Informer<Namespace>(store, namespaces);
    await informer.start();
    const controller = new NamespaceController(registry, informer, custom);
    try {
      await deleteObject(registry, namespaces, undefined, 'toybox');
      const conditions = async () => ((await registry.get(namespaces, undefined, 'toybox')) as Namespace).status?.conditions ?? [];
      await until(async () => (await conditions()).some((c) => c.message?.includes('gadgets.toys.example.com has 1 ')));
      const finalizers = (await conditions()).find((c) => c.type === 'NamespaceFinalizersRemaining');
      expect(finalizers).toMatchObject({ status: 'True', reason: 'SomeFinalizersRemain' });
      await expect(registry.get(gadgets, 'toybox', 'free')).rejects.toThrow('not found');

      await registry.patch(gadgets, 'toybox', 'held', 'merge', { metadata: { finalizers: null } });
      await until(() =>
        registry.get(namespaces, undefined, 'toybox').then(
          () => false,
          () => true,
        ),
      );
    } finally {
      controller.stop();
      informer.stop();
    }
  });
});
