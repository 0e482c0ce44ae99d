import { type CustomResourceDefinition, customResourceStrategies, dynamicResources, namespaces } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { readScale, writeReplicas } from './scale-target';

const widgets: CustomResourceDefinition = {
  metadata: { name: 'widgets.schema.example.com' },
  spec: {
    group: 'schema.example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: {
          scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.ready', labelSelectorPath: '.status.selector' },
        },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { size: { type: 'integer', maximum: 10 } } },
              status: { type: 'object', properties: { ready: { type: 'integer' }, selector: { type: 'string' } } },
            },
          },
        },
      },
    ],
  },
};

describe('autoscaler scale target', () => {
  afterEach(() => dynamicResources.remove('widgets.schema.example.com'));

  it('reads and writes the replicas of a custom kind through its scale paths', async () => {
    const [strategy] = customResourceStrategies(widgets);
    if (!strategy) throw new Error('the fixture serves a version');
    dynamicResources.replace('widgets.schema.example.com', [strategy]);
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    await registry.create(strategy, 'default', { metadata: { name: 'w' }, spec: { size: 2 }, status: { ready: 2, selector: 'app=w' } });
    const ref = { apiVersion: 'schema.example.com/v1', kind: 'Widget', name: 'w' };
    expect(await readScale(registry, 'default', ref)).toEqual({ replicas: 2, selector: 'app=w' });
    await writeReplicas(registry, 'default', ref, 4);
    expect((await registry.get<{ metadata: object; spec?: unknown }>(strategy, 'default', 'w')).spec).toEqual({ size: 4 });
    await expect(writeReplicas(registry, 'default', ref, 11)).rejects.toThrow('spec.size in body should be less than or equal to 10');
  });

  it('refuses a kind it does not serve', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await expect(readScale(registry, 'default', { apiVersion: 'schema.example.com/v1', kind: 'Widget', name: 'w' })).rejects.toThrow(
      'no matches for kind "Widget" in group "schema.example.com"',
    );
  });
});
