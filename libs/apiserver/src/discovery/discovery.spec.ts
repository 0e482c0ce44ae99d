import { type CustomResourceDefinition, customResourceStrategies, dynamicResources } from '@stevedore/api';
import { aggregatedDiscovery, legacyGroupList, resourceList } from './discovery';

describe('discovery', () => {
  it('lists core resources in one unnamed group with short names, categories and subresources', () => {
    const doc = aggregatedDiscovery('core');
    expect(doc.items).toHaveLength(1);
    const v1 = doc.items[0]!;
    expect(v1.metadata).toEqual({});
    const pods = v1.versions[0]!.resources.find((r) => r.resource === 'pods')!;
    expect(pods).toMatchObject({ scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'], categories: ['all'] });
    expect(pods.subresources.map((s) => s.subresource)).toEqual(['status', 'log', 'binding', 'exec', 'attach', 'portforward', 'eviction']);
    expect(v1.versions[0]!.resources.find((r) => r.resource === 'namespaces')!.verbs).not.toContain('deletecollection');
  });

  it('lists named groups with the scale subresource answering autoscaling/v1 Scale', () => {
    const doc = aggregatedDiscovery('apis');
    expect(doc.items.map((i) => i.metadata)).toEqual([
      { name: 'apps' },
      { name: 'batch' },
      { name: 'autoscaling' },
      { name: 'coordination.k8s.io' },
      { name: 'policy' },
      { name: 'scheduling.k8s.io' },
      { name: 'storage.k8s.io' },
      { name: 'discovery.k8s.io' },
      { name: 'networking.k8s.io' },
      { name: 'rbac.authorization.k8s.io' },
      { name: 'authentication.k8s.io' },
      { name: 'authorization.k8s.io' },
      { name: 'apiextensions.k8s.io' },
      { name: 'admissionregistration.k8s.io' },
      { name: 'apiregistration.k8s.io' },
    ]);
    const deploy = doc.items[0]!.versions[0]!.resources.find((r) => r.resource === 'deployments')!;
    expect(deploy.subresources).toContainEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('serves HorizontalPodAutoscalers as autoscaling/v2, preferred, and as autoscaling/v1', () => {
    const autoscaling = aggregatedDiscovery('apis').items.find((i) => i.metadata.name === 'autoscaling')!;
    expect(autoscaling.versions.map((v) => v.version)).toEqual(['v2', 'v1']);
    expect(autoscaling.versions.map((v) => v.resources.map((r) => [r.resource, r.shortNames]))).toEqual([
      [['horizontalpodautoscalers', ['hpa']]],
      [['horizontalpodautoscalers', ['hpa']]],
    ]);
    expect(legacyGroupList().groups.find((g) => g.name === 'autoscaling')?.preferredVersion).toEqual({
      groupVersion: 'autoscaling/v2',
      version: 'v2',
    });
  });

  it('serves the legacy documents', () => {
    expect(legacyGroupList().groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    const apps = resourceList('apps', 'v1')!;
    expect(apps.groupVersion).toBe('apps/v1');
    expect(apps.resources.find((r) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    expect(resourceList('apps', 'v2')).toBeUndefined();
  });
});

describe('discovery of custom kinds', () => {
  afterEach(() => ['peers.tests.example.net', 'pools.tests.example.net'].forEach((n) => dynamicResources.remove(n)));

  it("prefers a group's newest version, whatever order its definitions came in", () => {
    const crd = (plural: string, kind: string, versions: string[]) =>
      ({
        metadata: { name: `${plural}.tests.example.net` },
        spec: {
          group: 'tests.example.net',
          scope: 'Namespaced',
          names: { plural, kind },
          versions: versions.map((name, i) => ({
            name,
            served: true,
            storage: i === versions.length - 1,
            schema: { openAPIV3Schema: { type: 'object' } },
          })),
        },
      }) as unknown as CustomResourceDefinition;
    dynamicResources.replace('pools.tests.example.net', customResourceStrategies(crd('pools', 'Pool', ['v1beta1'])));
    dynamicResources.replace('peers.tests.example.net', customResourceStrategies(crd('peers', 'Peer', ['v1beta1', 'v1beta2'])));
    const group = legacyGroupList().groups.find((g) => g.name === 'tests.example.net');
    expect(group?.versions.map((v) => v.version)).toEqual(['v1beta2', 'v1beta1']);
    expect(group?.preferredVersion.version).toBe('v1beta2');
    const aggregated = aggregatedDiscovery('apis').items.find((g) => g.metadata.name === 'tests.example.net');
    expect(aggregated?.versions.map((v) => v.version)).toEqual(['v1beta2', 'v1beta1']);
  });
});
