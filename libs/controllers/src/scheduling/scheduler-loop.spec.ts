import { events as EVENTS, nodes as NODES, namespaces, pods as PODS } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { SchedulerLoop } from './scheduler-loop';

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('SchedulerLoop', () => {
  it('writes a pending pod and its FailedScheduling event once, however often a retry fails the same way', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    const cordoned = (label: string) => ({
      metadata: { name: 'n1', labels: { try: label } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu: '1', memory: '1Gi', pods: '10' } },
    });
    await registry.create(NODES, undefined, cordoned('0'));
    const [pods, nodes, events] = [new Informer(store, PODS), new Informer(store, NODES), new Informer(store, EVENTS)] as const;
    await Promise.all([pods.start(), nodes.start(), events.start()]);
    const loop = new SchedulerLoop(registry, pods, nodes);
    try {
      await registry.create(PODS, 'default', { metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      await until(() => pods.get('default', 'web')?.status?.conditions?.some((c) => c.reason === 'Unschedulable') ?? false);
      const marked = pods.get('default', 'web')!.metadata.resourceVersion;
      // Each node change retries every pending pod; the pod stays unschedulable for the same reason.
      for (const label of ['1', '2', '3']) {
        const attempts = loop.stats.attempts;
        await registry.update(NODES, undefined, 'n1', { ...nodes.get(undefined, 'n1')!, ...cordoned(label) });
        await until(() => loop.stats.attempts > attempts);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pods.get('default', 'web')!.metadata.resourceVersion).toBe(marked);
      const failed = events.list((e) => e.reason === 'FailedScheduling');
      expect(failed.map((e) => [e.message, e.count ?? 1])).toEqual([['0/1 nodes are available: 1 node(s) were unschedulable.', 1]]);
    } finally {
      loop.stop();
      for (const informer of [pods, nodes, events]) informer.stop();
    }
  });
});
