import { configMaps, namespaces, pods, resourceQuotas, services } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { deleteObject } from './delete';
import { listObjects } from './list';
import { ObjectRegistry } from './object-registry';
import { quotaAdmission } from './quota-admission';

/** A registry whose quota step reads a deliberately stale copy of the quotas (as an informer's may be). */
async function registryWithQuota(hard: Record<string, string>, used: Record<string, string>) {
  const registry = new ObjectRegistry(new MemoryStore());
  await registry.create(namespaces, undefined, { metadata: { name: 'team' } });
  await registry.create(resourceQuotas, 'team', { metadata: { name: 'compute' }, spec: { hard } });
  const synced = await registry.get(resourceQuotas, 'team', 'compute');
  await registry.update(resourceQuotas, 'team', 'compute', { ...synced, status: { hard, used } }, { subresource: 'status' });
  const stale = await registry.get(resourceQuotas, 'team', 'compute');
  registry.admission.add(
    quotaAdmission(registry, () => [stale]),
    { phase: 'validating' },
  );
  return registry;
}

const podBody = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
const usedPods = async (registry: ObjectRegistry) => (await registry.get(resourceQuotas, 'team', 'compute')).status?.used?.pods;

describe('quota admission in the registry', () => {
  it('charges status.used and refuses the pod over the limit with a 403, storing nothing', async () => {
    const registry = await registryWithQuota({ pods: '2' }, { pods: '1' });
    await registry.create(pods, 'team', podBody('a'));
    expect(await usedPods(registry)).toBe('2');
    await expect(registry.create(pods, 'team', podBody('b'))).rejects.toMatchObject({
      status: {
        code: 403,
        reason: 'Forbidden',
        message: 'pods "b" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2',
      },
    });
    expect((await listObjects(registry.store, pods, 'team', {})).items.map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('lets exactly as many concurrent creates through as the quota allows', async () => {
    const registry = await registryWithQuota({ pods: '3' }, { pods: '0' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => registry.create(pods, 'team', podBody(`p${i}`))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.status?.code);
    expect(refused).toEqual([403, 403, 403, 403, 403]);
    expect(await usedPods(registry)).toBe('3');
  });

  it('does not charge a dry run, and ignores kinds the quota does not count', async () => {
    const registry = await registryWithQuota({ pods: '2' }, { pods: '0' });
    await registry.create(pods, 'team', podBody('a'), { dryRun: true });
    await registry.create(configMaps, 'team', { metadata: { name: 'cm' } });
    expect(await usedPods(registry)).toBe('0');
  });
});

describe('quota admission on updates', () => {
  it('refuses turning a Service into a LoadBalancer over the quota, keeping it as it was', async () => {
    const registry = await registryWithQuota({ 'services.loadbalancers': '0' }, { 'services.loadbalancers': '0' });
    await registry.create(services, 'team', { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
    const refused = await registry.patch(services, 'team', 'web', 'merge', { spec: { type: 'LoadBalancer' } }).catch((err) => err);
    expect(refused.status?.message).toBe(
      'services "web" is forbidden: exceeded quota: compute, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
    );
    expect((await registry.get(services, 'team', 'web')).spec?.type ?? 'ClusterIP').toBe('ClusterIP');
  });
});

describe('namespace lifecycle', () => {
  it('refuses content in a missing namespace (404) and a terminating one (403, with its cause)', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await expect(registry.create(pods, 'nowhere', podBody('a'))).rejects.toMatchObject({
      status: { code: 404, reason: 'NotFound', message: 'namespaces "nowhere" not found' },
    });
    await registry.create(namespaces, undefined, { metadata: { name: 'old', finalizers: ['example.com/hold'] } });
    await deleteObject(registry, namespaces, undefined, 'old');
    const refused = await registry.create(pods, 'old', podBody('a')).catch((err) => err);
    expect(refused.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "a" is forbidden: unable to create new content in namespace old because it is being terminated',
      details: { causes: [{ reason: 'NamespaceTerminating', message: 'namespace old is being terminated', field: 'metadata.namespace' }] },
    });
    expect((await listObjects(registry.store, pods, 'old', {})).items).toEqual([]);
  });
});
