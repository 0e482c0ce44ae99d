import {
  configMaps,
  events as EVENTS,
  type AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler,
  horizontalPodAutoscalers as HPAS,
  namespaces,
  pods as PODS,
  replicaSets as REPLICASETS,
} from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { DEFAULT_HPA_CONTROLLER_OPTIONS, HorizontalPodAutoscalerController } from './hpa-controller';
import type { PodMetrics, PodMetricsSource } from './pod-metrics';

const until = async <T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const LONG_AGO = '2020-01-01T00:00:00Z';
const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '100m' } } }] },
};

/** Every pod of the namespace measured at `millicores` just now. */
function metricsAt(millicores: number, pods: Informer): PodMetricsSource {
  return {
    podMetrics: async (): Promise<PodMetrics[]> =>
      pods.list().map((p) => ({
        metadata: { name: p.metadata.name },
        timestamp: new Date().toISOString(),
        window: '10s',
        containers: [{ name: 'app', usage: { cpu: `${millicores}m`, memory: '1Mi' } }],
      })),
  };
}

async function start(target: { kind: string; name: string; apiVersion: string }, source: (pods: Informer) => PodMetricsSource) {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
  await registry.create(REPLICASETS, 'default', {
    metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  for (const name of ['web-a', 'web-b']) {
    await registry.create(PODS, 'default', { metadata: { name, labels: { app: 'web' } }, spec: { ...template.spec, nodeName: 'n1' } });
    const status = { phase: 'Running', startTime: LONG_AGO, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: LONG_AGO }] };
    await registry.patch(PODS, 'default', name, 'merge', { status }, { subresource: 'status' });
  }
  const hpa: HorizontalPodAutoscaler = { metadata: { name: 'web' }, spec: { scaleTargetRef: target, maxReplicas: 5 } };
  await registry.create(HPAS, 'default', hpa);
  const hpas = new Informer(store, HPAS);
  const pods = new Informer(store, PODS);
  const events = new Informer(store, EVENTS);
  await Promise.all([hpas.start(), pods.start(), events.start()]);
  const controller = new HorizontalPodAutoscalerController(registry, hpas, pods, source(pods), {
    ...DEFAULT_HPA_CONTROLLER_OPTIONS,
    syncPeriodMs: 50,
  });
  const stop = () => {
    controller.stop();
    for (const i of [hpas, pods, events]) i.stop();
  };
  return { registry, hpas, events, stop };
}

const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web' };

describe('HorizontalPodAutoscalerController', () => {
  it('rescales the target through its scale subresource and writes the status', async () => {
    const { registry, hpas, events, stop } = await start(rs, (pods) => metricsAt(90, pods));
    try {
      // 90% against the default target of 80% is 1.125, beyond the tolerance: ceil(1.125 × 2) = 3.
      await until(async () => (await registry.get(REPLICASETS, 'default', 'web')).spec.replicas === 3);
      const status = await until(() => {
        const s = hpas.get('default', 'web')?.status;
        return s?.lastScaleTime ? s : undefined;
      });
      expect(status).toMatchObject({ currentReplicas: 2, desiredReplicas: 3 });
      expect(status.currentMetrics?.[0]?.resource?.current.averageUtilization).toBe(90);
      await until(() => events.list().find((e) => e.reason === 'SuccessfulRescale' && e.message?.startsWith('New size: 3;')));
    } finally {
      stop();
    }
  });

  it('reports a target it cannot scale', async () => {
    const { registry, hpas, events, stop } = await start({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web' }, (pods) =>
      metricsAt(90, pods),
    );
    try {
      await registry.create(configMaps, 'default', { metadata: { name: 'web' } });
      const able = await until(() => hpas.get('default', 'web')?.status?.conditions?.find((c) => c.type === 'AbleToScale'));
      expect(able).toMatchObject({ status: 'False', reason: 'FailedGetScale' });
      await until(() => events.list().find((e) => e.reason === 'FailedGetScale'));
    } finally {
      stop();
    }
  });

  it('reports metrics the metrics API cannot give, and leaves the target alone', async () => {
    const failing: PodMetricsSource = { podMetrics: () => Promise.reject(new Error('node n1 is not connected')) };
    const { registry, hpas, stop } = await start(rs, () => failing);
    try {
      const active = await until(() => hpas.get('default', 'web')?.status?.conditions?.find((c) => c.type === 'ScalingActive'));
      expect(active).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
      expect(active.message).toContain('unable to fetch metrics from resource metrics API: node n1 is not connected');
      expect((await registry.get(REPLICASETS, 'default', 'web')).spec.replicas).toBe(2);
    } finally {
      stop();
    }
  });
});
