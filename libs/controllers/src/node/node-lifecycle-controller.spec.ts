import { findResource } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { NodeLifecycleController } from './node-lifecycle-controller';

const r = (group: string, plural: string) => findResource(group, plural)!;
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('NodeLifecycleController', () => {
  it('marks a node with a stale lease unreachable, evicts its pods, and restores it when the lease is renewed', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    for (const name of ['default', 'kube-node-lease']) await registry.create(r('', 'namespaces'), undefined, { metadata: { name } });
    await registry.create(r('', 'nodes'), undefined, { metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    const stale = new Date(Date.now() - 60_000).toISOString();
    await registry.create(r('coordination.k8s.io', 'leases'), 'kube-node-lease', { metadata: { name: 'n1' }, spec: { holderIdentity: 'n1', renewTime: stale } });
    await registry.create(r('', 'pods'), 'default', { metadata: { name: 'p' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } });
    const informers = [r('', 'nodes'), r('coordination.k8s.io', 'leases'), r('', 'pods')].map((res) => new Informer(store, res));
    await Promise.all(informers.map((i) => i.start()));
    const [nodes, leases, pods] = informers as [Informer, Informer, Informer];
    const controller = new NodeLifecycleController(registry, nodes, leases, pods, { gracePeriodSeconds: 10, evictionSeconds: 0, monitorPeriodMs: 20 });
    try {
      await until(() => nodes.get(undefined, 'n1')?.status.conditions[0].status === 'Unknown');
      expect(nodes.get(undefined, 'n1')?.spec.taints).toEqual([expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' })]);
      await until(() => !!pods.get('default', 'p')?.metadata.deletionTimestamp);
      const lease = leases.get('kube-node-lease', 'n1')!;
      await registry.patch(r('coordination.k8s.io', 'leases'), 'kube-node-lease', 'n1', 'merge', { spec: { renewTime: new Date().toISOString() } });
      await until(() => nodes.get(undefined, 'n1')?.status.conditions[0].status === 'True' && !nodes.get(undefined, 'n1')?.spec.taints);
      expect(lease).toBeDefined();
    } finally {
      controller.stop();
      informers.forEach((i) => i.stop());
    }
  });
});
