import { findResource, leases as LEASES, nodes as NODES, type Node, pods as PODS, type Pod } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { silentLogger } from '@stevedore/log';
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

/** Nodes with leases renewed `ageMs` ago, one pod on each, and the controller watching them. */
async function cluster(ages: Record<string, number>, evictionSeconds: number, terminating: string[] = []) {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  for (const name of ['default', 'kube-node-lease']) await registry.create(r('', 'namespaces'), undefined, { metadata: { name } });
  for (const [name, ageMs] of Object.entries(ages)) {
    await registry.create(r('', 'nodes'), undefined, { metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    const renewTime = new Date(Date.now() - ageMs).toISOString();
    await registry.create(r('coordination.k8s.io', 'leases'), 'kube-node-lease', {
      metadata: { name },
      spec: { holderIdentity: name, renewTime },
    });
    await registry.create(r('', 'pods'), 'default', {
      metadata: { name: `p-${name}` },
      spec: { nodeName: name, containers: [{ name: 'c', image: 'busybox' }] },
    });
    // Status is not taken on create (as in Kubernetes): the agent would report it.
    await registry.patch(
      r('', 'pods'),
      'default',
      `p-${name}`,
      'merge',
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { subresource: 'status' },
    );
  }
  // Graceful deletion: the pod stays, with a deletionTimestamp, until its node confirms the stop.
  for (const name of terminating) await deleteObject(registry, r('', 'pods'), 'default', name, { gracePeriodSeconds: 30 });
  const [nodes, leases, pods] = [new Informer(store, NODES), new Informer(store, LEASES), new Informer(store, PODS)] as const;
  const informers = [nodes, leases, pods];
  await Promise.all(informers.map((i) => i.start()));
  const controller = new NodeLifecycleController(
    registry,
    nodes,
    leases,
    pods,
    { gracePeriodSeconds: 10, evictionSeconds, monitorPeriodMs: 20 },
    silentLogger,
  );
  const stop = () => {
    controller.stop();
    informers.forEach((i) => i.stop());
  };
  return { registry, nodes, leases, pods, stop };
}

const podReady = (pods: Informer<Pod>, name: string) =>
  pods.get('default', name)?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const nodeReady = (nodes: Informer<Node>, name: string) => nodes.get(undefined, name)?.status?.conditions?.[0]?.status;

describe('NodeLifecycleController', () => {
  it('marks a node with a stale lease unreachable, evicts its pods, and restores it when the lease is renewed', async () => {
    const { registry, nodes, leases, pods, stop } = await cluster({ n1: 60_000, n2: 0, n3: 0 }, 0);
    try {
      await until(() => nodeReady(nodes, 'n1') === 'Unknown');
      expect(nodes.get(undefined, 'n1')?.spec?.taints).toEqual([
        expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }),
      ]);
      await until(() => !!pods.get('default', 'p-n1')?.metadata.deletionTimestamp);
      expect(podReady(pods, 'p-n1')).toBe('False');
      expect(podReady(pods, 'p-n2')).toBe('True');
      expect(pods.get('default', 'p-n2')?.metadata.deletionTimestamp).toBeUndefined();
      const lease = leases.get('kube-node-lease', 'n1')!;
      await registry.patch(r('coordination.k8s.io', 'leases'), 'kube-node-lease', 'n1', 'merge', {
        spec: { renewTime: new Date().toISOString() },
      });
      await until(() => nodeReady(nodes, 'n1') === 'True' && !nodes.get(undefined, 'n1')?.spec?.taints);
      expect(lease).toBeDefined();
    } finally {
      stop();
    }
  });

  it('marks pods not ready but evicts none when most nodes vanish at once', async () => {
    const { nodes, pods, stop } = await cluster({ n1: 60_000, n2: 60_000, n3: 0 }, 0);
    try {
      await until(() => ['n1', 'n2'].every((n) => nodeReady(nodes, n) === 'Unknown'));
      await until(() => podReady(pods, 'p-n1') === 'False' && podReady(pods, 'p-n2') === 'False');
      await new Promise((resolve) => setTimeout(resolve, 200)); // ten monitor periods
      expect(pods.list().filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
    } finally {
      stop();
    }
  });

  it('marks a terminating pod on an unreachable node not ready too: its node cannot confirm the stop', async () => {
    const { pods, stop } = await cluster({ n1: 60_000, n2: 0, n3: 0 }, 3600, ['p-n1']);
    try {
      expect(pods.get('default', 'p-n1')?.metadata.deletionTimestamp).toBeDefined();
      await until(() => podReady(pods, 'p-n1') === 'False');
      expect(podReady(pods, 'p-n2')).toBe('True');
    } finally {
      stop();
    }
  });

  it('keeps the unschedulable NoSchedule taint in step with cordon and uncordon, beside other taints', async () => {
    const { registry, nodes, stop } = await cluster({ n1: 0 }, 0);
    const taints = () => nodes.get(undefined, 'n1')?.spec?.taints;
    try {
      await registry.patch(r('', 'nodes'), undefined, 'n1', 'strategic', {
        spec: { unschedulable: true, taints: [{ key: 'team', value: 'a', effect: 'PreferNoSchedule' }] },
      });
      await until(() => (taints() ?? []).length === 2);
      expect(taints()).toEqual([
        { key: 'team', value: 'a', effect: 'PreferNoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: expect.any(String) },
      ]);
      await registry.patch(r('', 'nodes'), undefined, 'n1', 'strategic', { spec: { unschedulable: null } });
      await until(() => (taints() ?? []).length === 1);
      expect(taints()).toEqual([{ key: 'team', value: 'a', effect: 'PreferNoSchedule' }]);
      await registry.patch(r('', 'nodes'), undefined, 'n1', 'strategic', { spec: { unschedulable: true, taints: null } });
      await until(() => (taints() ?? []).length === 1 && taints()?.[0]?.key === 'node.kubernetes.io/unschedulable');
      await registry.patch(r('', 'nodes'), undefined, 'n1', 'strategic', { spec: { unschedulable: false } });
      await until(() => taints() === undefined);
    } finally {
      stop();
    }
  });
});
