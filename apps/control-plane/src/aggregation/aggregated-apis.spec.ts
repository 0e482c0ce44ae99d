import { type APIService, apiServices } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { Informer } from '@stevedore/controllers';
import { MemoryStore } from '@stevedore/store';
import { AggregatedApis } from './aggregated-apis';
import type { DiscoveryCache } from './backend-client';

function remote(group: string, version: string, available: boolean): APIService {
  return {
    metadata: { name: `${version}.${group}` },
    spec: { group, version, groupPriorityMinimum: 1000, versionPriority: 15, service: { namespace: 'ns', name: 'svc' } },
    status: { conditions: [{ type: 'Available', status: available ? 'True' : 'False' }] },
  };
}

describe('AggregatedApis', () => {
  const store = new MemoryStore();
  const informer = new Informer<APIService>(store, apiServices);
  const cache: DiscoveryCache = new Map();
  const apis = new AggregatedApis(informer, cache, { service: () => undefined, endpoints: () => undefined });

  beforeAll(async () => {
    const registry = new ObjectRegistry(store);
    for (const api of [remote('metrics.k8s.io', 'v1beta1', true), remote('apps', 'v1', true), remote('wardle.example.com', 'v1', false)]) {
      const { status, ...rest } = api;
      await registry.create(apiServices, undefined, rest);
      await registry.patch(apiServices, undefined, api.metadata.name!, 'merge', { status }, { subresource: 'status' });
    }
    await informer.start();
    cache.set('v1.wardle.example.com', { resources: [{ name: 'flunders', namespaced: true, kind: 'Flunder', verbs: ['get'] }] });
  });
  afterAll(() => informer.stop());

  it('routes aggregated group-versions, metrics.k8s.io included, but never built-in ones', () => {
    expect(apis.route('metrics.k8s.io', 'v1beta1')?.metadata.name).toBe('v1beta1.metrics.k8s.io');
    expect(apis.serves('metrics.k8s.io')).toBe(true);
    expect(apis.route('apps', 'v1')).toBeUndefined();
    expect(apis.route('wardle.example.com', 'v2')).toBeUndefined();
  });

  it('lists every aggregated group-version in /apis, and cached ones in aggregated discovery', () => {
    const groups = apis.withGroups({ groups: [] as { name: string; versions: [] }[] }).groups.map((g) => g.name);
    expect(groups.sort()).toEqual(['metrics.k8s.io', 'wardle.example.com']);
    const doc = apis.withAggregated({ items: [] as object[] });
    expect(doc.items).toEqual([
      {
        metadata: { name: 'wardle.example.com' },
        versions: [
          { version: 'v1', freshness: 'Stale', resources: [expect.objectContaining({ resource: 'flunders', scope: 'Namespaced' })] },
        ],
      },
    ]);
  });
});
