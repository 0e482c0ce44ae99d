import { type CustomResourceDefinition, customResourceStrategies, findResource, type StatusError } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { ObjectRegistry } from './object-registry';

const namespaces = findResource('', 'namespaces')!;

const definition = (deleting: boolean) =>
  ({
    metadata: { name: 'apps.tests.example.net', ...(deleting ? { deletionTimestamp: '2026-12-06T17:00:00Z' } : {}) },
    spec: {
      group: 'tests.example.net',
      scope: 'Namespaced',
      names: { plural: 'apps', kind: 'App' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  }) as unknown as CustomResourceDefinition;

describe('a custom kind whose definition is being deleted', () => {
  it('refuses new objects but lets the stored ones lose their finalizers', async () => {
    const r = new ObjectRegistry(new MemoryStore(), () => new Date('2026-12-06T17:00:00.123Z'));
    await r.create(namespaces, undefined, { metadata: { name: 'default' } });
    const [live] = customResourceStrategies(definition(false));
    const app = { apiVersion: 'tests.example.net/v1', kind: 'App', metadata: { name: 'a', finalizers: ['example.net/hold'] } };
    await r.create(live!, 'default', app);
    const [terminating] = customResourceStrategies(definition(true));
    const refused = await r.create(terminating!, 'default', { ...app, metadata: { name: 'b' } }).catch((e: StatusError) => e.status);
    expect(refused).toMatchObject({
      code: 405,
      reason: 'MethodNotAllowed',
      message: 'create not allowed while custom resource definition is terminating',
    });
    const patched = await r.patch(terminating!, 'default', 'a', 'merge', { metadata: { finalizers: null } });
    expect(patched.object.metadata.finalizers).toBeUndefined();
  });
});
