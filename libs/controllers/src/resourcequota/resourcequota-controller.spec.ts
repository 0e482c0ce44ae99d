import { configMaps, deployments, type KubeObject, namespaces, pods, type QuotaResource, resourceQuotas } from '@stevedore/api';
import { deleteObject, listObjects, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { ResourceQuotaController } from './resourcequota-controller';

const until = async <T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const podBody = (name: string, cpu: string) => ({
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] },
});

async function start() {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  await registry.create(namespaces, undefined, { metadata: { name: 'team' } });
  await registry.create(pods, 'team', podBody('a', '250m'));
  await registry.create(pods, 'team', podBody('b', '500m'));
  await registry.create(configMaps, 'team', { metadata: { name: 'cm' } });
  await registry.create(deployments, 'team', {
    metadata: { name: 'd' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: podBody('x', '1m').spec } },
  });
  const quotas = new Informer(store, resourceQuotas);
  const counted = [new Informer(store, pods), new Informer(store, configMaps)];
  await Promise.all([quotas, ...counted].map((i) => i.start()));
  const list = async (resource: QuotaResource, namespace: string): Promise<KubeObject[]> => {
    const informer = counted.find((i) => i.resource.plural === resource.plural && i.resource.group === resource.group);
    if (informer) return informer.list((o) => o.metadata.namespace === namespace);
    return (await listObjects(store, deployments, namespace, {})).items;
  };
  const controller = new ResourceQuotaController(registry, quotas, counted, list);
  const stop = () => {
    controller.stop();
    for (const i of [quotas, ...counted]) i.stop();
  };
  return { registry, stop };
}

describe('ResourceQuotaController', () => {
  it('fills in status for a new quota and gives a deleted pod its share back', async () => {
    const { registry, stop } = await start();
    try {
      await registry.create(resourceQuotas, 'team', {
        metadata: { name: 'q' },
        spec: { hard: { pods: '5', 'requests.cpu': '2', configmaps: '3', 'count/deployments.apps': '1' } },
      });
      const used = () => registry.get(resourceQuotas, 'team', 'q').then((q) => q.status?.used);
      expect(await until(used)).toEqual({ pods: '2', 'requests.cpu': '750m', configmaps: '1', 'count/deployments.apps': '1' });
      expect((await registry.get(resourceQuotas, 'team', 'q')).status?.hard).toMatchObject({ pods: '5' });
      await deleteObject(registry, pods, 'team', 'a', { gracePeriodSeconds: 0 });
      await until(async () => (await used())?.pods === '1');
      expect(await used()).toMatchObject({ pods: '1', 'requests.cpu': '500m' });
    } finally {
      stop();
    }
  });
});
