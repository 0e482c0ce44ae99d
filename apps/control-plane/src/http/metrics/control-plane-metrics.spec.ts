import { findResource, nodes as NODES, pods as PODS } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { Informer, SchedulerLoop, WorkQueue } from '@stevedore/controllers';
import { silentLogger } from '@stevedore/log';
import { exposition } from '@stevedore/metrics';
import { MemoryStore } from '@stevedore/store';
import { spawnSync } from 'child_process';
import { observeCluster } from './cluster-gauges';
import { ControlPlaneMetrics } from './control-plane-metrics';
import { instrumentStore, objectType } from './instrumented-store';
import { requestLabels } from './request-info';

function promtool(text: string): string {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return run.status === 0 ? 'ok' : `${run.stdout}${run.stderr}`;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

class FakeController {
  readonly queue: WorkQueue;
  constructor(fail: (key: string) => boolean) {
    this.queue = new WorkQueue(
      async (key) => {
        if (fail(key)) throw new Error('boom');
      },
      silentLogger,
      1,
    );
  }
}

describe('control plane metrics', () => {
  it('names storage types after their resources', () => {
    expect(objectType('/pods/default/web')).toBe('pods');
    expect(objectType('/apps/deployments/default/web')).toBe('deployments.apps');
    expect(objectType('/coordination.k8s.io/leases/')).toBe('leases.coordination.k8s.io');
  });

  it('counts storage, scheduling, reconciles, requests and cluster state, in output promtool accepts', async () => {
    const metrics = new ControlPlaneMetrics({ processMetrics: true });
    const registry = new ObjectRegistry(instrumentStore(new MemoryStore(), metrics));
    const pods = new Informer(registry.store, PODS);
    const nodes = new Informer(registry.store, NODES);
    await Promise.all([pods.start(), nodes.start()]);
    const scheduler = new SchedulerLoop(registry, pods, nodes);
    const controller = new FakeController((key) => key === 'bad');
    observeCluster(metrics, { pods, nodes, scheduler, controllers: [controller] });
    try {
      await registry.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'default' } });
      // Cordoned, so that the pod below stays unschedulable; settled before it comes, so that no node event retries it.
      const node = (name: string) => ({
        metadata: { name },
        spec: { unschedulable: true },
        status: {
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'MemoryPressure', status: 'False' },
          ],
        },
      });
      const settled = new Promise((resolve) => nodes.events.subscribe((e) => e.type === 'DELETED' && resolve(undefined)));
      await registry.create(NODES, undefined, node('n1'));
      await registry.create(NODES, undefined, node('n2'));
      await deleteObject(registry, NODES, undefined, 'n2');
      await settled;
      await registry.create(PODS, 'default', { metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      controller.queue.add('good');
      controller.queue.add('bad');
      metrics.requestDone(requestLabels('GET', new URL('https://x/api/v1/namespaces/default/pods')), 200, 0.012);
      metrics.requestDone(requestLabels('GET', new URL('https://x/api/v1/pods?watch=true')), 200, undefined);
      await until(() => scheduler.stats.unschedulable > 0 && pods.list().length > 0);
      await until(() => controller.queue.depth === 0);
      await new Promise((r) => setTimeout(r, 50));
      const text = await metrics.exposition();
      expect(text).toMatch(/^etcd_request_duration_seconds_count\{operation="create",type="pods"\} 1$/m);
      expect(text).toMatch(/^kube_node_status_condition\{node="n1",condition="Ready",status="true"\} 1$/m);
      expect(text).toMatch(/^kube_node_status_condition\{node="n1",condition="MemoryPressure",status="unknown"\} 0$/m);
      expect(text.match(/^kube_node_status_condition\{/gm)).toHaveLength(6);
      expect(text).toMatch(/^stevedore_store_watches\{type="pods"\} 1$/m);
      expect(text).toMatch(/^scheduler_schedule_attempts_total\{result="unschedulable",profile="default-scheduler"\} 1$/m);
      expect(text).toMatch(/^scheduler_pending_pods\{queue="unschedulable"\} 1$/m);
      expect(text).toMatch(/^stevedore_controller_reconcile_total\{controller="fake",result="success"\} 1$/m);
      expect(text).toMatch(/^stevedore_controller_reconcile_total\{controller="fake",result="error"\} [1-9]\d*$/m);
      expect(text).toMatch(/^workqueue_depth\{name="fake"\} 0$/m);
      expect(text).toMatch(/^stevedore_pods\{namespace="default",phase="Pending"\} 1$/m);
      expect(text).toMatch(
        /^apiserver_request_total\{verb="LIST",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="200"\} 1$/m,
      );
      expect(text).toMatch(/^apiserver_request_duration_seconds_count\{verb="LIST",.*\} 1$/m);
      expect(text).not.toMatch(/^apiserver_request_duration_seconds_count\{verb="WATCH"/m);
      expect(text).toMatch(/^process_cpu_seconds_total \d/m);
      expect(promtool(text)).toBe('ok');
    } finally {
      controller.queue.stop();
      scheduler.stop();
      pods.stop();
      nodes.stop();
    }
  });

  it('keeps registries apart: two control planes in one process never share a series', async () => {
    const a = new ControlPlaneMetrics({ processMetrics: false });
    const b = new ControlPlaneMetrics({ processMetrics: false });
    a.requestDone(requestLabels('GET', new URL('https://x/api/v1/nodes')), 200, 0.001);
    expect(await exposition(a.registry)).toMatch(/^apiserver_request_total\{.*\} 1$/m);
    expect(await exposition(b.registry)).not.toMatch(/^apiserver_request_total\{/m);
  });
});
