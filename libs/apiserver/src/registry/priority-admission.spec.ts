import { ignoring, isNotFound, namespaces, type PriorityClass, type PriorityClassLookup, pods, priorityClasses } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { listObjects } from './list';
import { ObjectRegistry } from './object-registry';
import { podPriorityAdmission, priorityClassAdmission } from './priority-admission';

/** A registry with both admission steps, reading classes straight from its own store. */
async function registryWithPriority(): Promise<ObjectRegistry> {
  const registry = new ObjectRegistry(new MemoryStore());
  const classes: PriorityClassLookup = {
    byName: (name) => registry.get(priorityClasses, undefined, name).catch(ignoring(isNotFound)),
    globalDefault: async () => {
      const page = await listObjects(registry.store, priorityClasses, undefined, {});
      return (page.items as PriorityClass[]).find((pc) => pc.globalDefault);
    },
  };
  registry.admission.add(podPriorityAdmission(classes), { resources: [pods] });
  registry.admission.add(priorityClassAdmission(classes), { resources: [priorityClasses] });
  await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
  return registry;
}

const podBody = (name: string, priorityClassName?: string) => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(priorityClassName ? { priorityClassName } : {}) },
});

describe('priority admission in the registry', () => {
  it('stores a pod with the priority of its class and refuses an unknown class', async () => {
    const registry = await registryWithPriority();
    await registry.create(priorityClasses, undefined, { metadata: { name: 'high' }, value: 1000 });
    const { object } = await registry.create(pods, 'default', podBody('web', 'high'));
    expect(object.spec).toMatchObject({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    await expect(registry.create(pods, 'default', podBody('other', 'foo'))).rejects.toMatchObject({
      status: { code: 403, message: 'pods "other" is forbidden: no PriorityClass with name foo was found' },
    });
  });

  it('keeps the admitted priority across a replace that leaves it out', async () => {
    const registry = await registryWithPriority();
    await registry.create(priorityClasses, undefined, { metadata: { name: 'high' }, value: 1000 });
    const { object } = await registry.create(pods, 'default', podBody('web', 'high'));
    const { priority: _p, preemptionPolicy: _pp, ...spec } = object.spec;
    const { object: replaced } = await registry.update(pods, 'default', 'web', {
      ...object,
      metadata: { ...object.metadata, labels: { a: 'b' } },
      spec,
    });
    expect(replaced.spec.priority).toBe(1000);
  });

  it('allows one global default class only', async () => {
    const registry = await registryWithPriority();
    await registry.create(priorityClasses, undefined, { metadata: { name: 'first' }, value: 1, globalDefault: true });
    await expect(
      registry.create(priorityClasses, undefined, { metadata: { name: 'second' }, value: 2, globalDefault: true }),
    ).rejects.toMatchObject({
      status: {
        code: 403,
        message:
          'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist',
      },
    });
    const first = await registry.get(priorityClasses, undefined, 'first');
    await expect(registry.update(priorityClasses, undefined, 'first', { ...first, description: 'still default' })).resolves.toBeDefined();
    const { object } = await registry.create(pods, 'default', podBody('defaulted'));
    expect(object.spec).toMatchObject({ priorityClassName: 'first', priority: 1 });
  });
});
