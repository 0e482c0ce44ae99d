import { type ClusterRole, clusterRoles } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { ClusterRoleAggregationController } from './cluster-role-aggregation-controller';

const AGG = 'rbac.authorization.k8s.io/aggregate-to-';
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
};

describe('ClusterRoleAggregationController', () => {
  it('fills view, then edit from view, and follows label changes', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    const selecting = (name: string, labels: Record<string, string> = {}): ClusterRole => ({
      metadata: { name, labels },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}${name}`]: 'true' } }] },
    });
    await registry.create(clusterRoles, undefined, selecting('view', { [`${AGG}edit`]: 'true' }));
    await registry.create(clusterRoles, undefined, selecting('edit'));
    const widgets = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
    await registry.create(clusterRoles, undefined, {
      metadata: { name: 'widgets-view', labels: { [`${AGG}view`]: 'true' } },
      rules: [widgets],
    });
    const informer = new Informer(store, clusterRoles);
    await informer.start();
    const controller = new ClusterRoleAggregationController(registry, informer);
    const rules = async (name: string) => (await registry.get(clusterRoles, undefined, name)).rules ?? [];
    try {
      await until(async () => (await rules('edit')).length === 1);
      expect(await rules('view')).toEqual([widgets]);
      expect(await rules('edit')).toEqual([widgets]);
      await registry.modify(clusterRoles, undefined, 'widgets-view', (r) => ({ ...r, metadata: { ...r.metadata, labels: {} } }));
      await until(async () => (await rules('edit')).length === 0);
      expect(await rules('view')).toEqual([]);
    } finally {
      controller.stop();
      informer.stop();
      await store.close();
    }
  });
});
