import type { AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler, Pod } from '@stevedore/api';
import { type Observation, planAutoscaler, rescaled, rescaleFailed } from './hpa-plan';
import type { PodMetrics } from './pod-metrics';
import { EMPTY_HISTORY } from './scaling-behavior';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const T = '2026-01-01T12:00:00Z';
const LONG_AGO = '2026-01-01T11:00:00Z';

function hpa(spec: Partial<HorizontalPodAutoscaler['spec']> = {}): HorizontalPodAutoscaler {
  return {
    metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...spec,
    },
  };
}

const pod = (name: string): Pod => ({
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '100m' } } }] },
  status: { phase: 'Running', startTime: LONG_AGO, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: LONG_AGO }] },
});

const metrics = (millicores: Record<string, number>): PodMetrics[] =>
  Object.entries(millicores).map(([name, m]) => ({
    metadata: { name, namespace: 'default' },
    timestamp: T,
    window: '10s',
    containers: [{ name: 'app', usage: { cpu: `${m * 1_000_000}n`, memory: '1024Ki' } }],
  }));

function observe(replicas: number, millicores: Record<string, number>, extra: Partial<Observation> = {}): Observation {
  return {
    scale: { replicas, selector: 'app=web' },
    pods: Object.keys(millicores).map(pod),
    podMetrics: metrics(millicores),
    history: EMPTY_HISTORY,
    now: NOW,
    ...extra,
  };
}

const conditionsOf = (status: { conditions?: { type: string; status: string; reason?: string }[] }) =>
  (status.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('planAutoscaler', () => {
  it('scales out a busy target and says why, as kubectl describe shows it', () => {
    // 90m of 100m is 90% against 50%: ceil(1.8 × 2) = 4.
    const plan = planAutoscaler(hpa(), observe(2, { a: 90, b: 90 }));
    expect(plan.rescale).toEqual({ from: 2, replicas: 4, reason: 'cpu resource utilization (percentage of request) above target' });
    expect(plan.events).toEqual([
      {
        type: 'Normal',
        reason: 'SuccessfulRescale',
        message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      },
    ]);
    expect(plan.status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      lastScaleTime: T,
      observedGeneration: 1,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '90m' } } }],
    });
    expect(conditionsOf(plan.status)).toEqual([
      'AbleToScale=True/SucceededRescale',
      'ScalingActive=True/ValidMetricFound',
      'ScalingLimited=False/DesiredWithinRange',
    ]);
    expect(plan.history.recommendations).toEqual([{ replicas: 4, at: NOW }]);
  });

  it('leaves a target within the tolerance alone', () => {
    const plan = planAutoscaler(hpa(), observe(2, { a: 52, b: 53 }));
    expect(plan.rescale).toBeUndefined();
    expect(plan.events).toEqual([]);
    expect(plan.status).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    expect(plan.status.lastScaleTime).toBeUndefined();
    expect(conditionsOf(plan.status)[0]).toBe('AbleToScale=True/ReadyForNewScale');
  });

  it('scales in an idle target only after the downscale window', () => {
    const busy = { ...EMPTY_HISTORY, recommendations: [{ replicas: 4, at: NOW - 60_000 }] };
    const held = planAutoscaler(hpa(), observe(4, { a: 1, b: 1, c: 1, d: 1 }, { history: busy }));
    expect(held.rescale).toBeUndefined();
    expect(conditionsOf(held.status)[0]).toBe('AbleToScale=True/ScaleDownStabilized');
    const short = hpa({
      behavior: {
        scaleDown: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
      },
    });
    const plan = planAutoscaler(short, observe(4, { a: 1, b: 1, c: 1, d: 1 }, { history: busy }));
    expect(plan.rescale).toEqual({ from: 4, replicas: 1, reason: 'All metrics below target' });
  });

  it('reports a target whose scale cannot be read', () => {
    const plan = planAutoscaler(hpa(), { ...observe(1, {}), scale: { error: 'deployments.apps "web" not found' } });
    expect(plan.rescale).toBeUndefined();
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'FailedGetScale', message: 'deployments.apps "web" not found' }]);
    expect(plan.status.conditions).toEqual([
      {
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found',
        lastTransitionTime: T,
      },
    ]);
    expect(plan.error).toBeDefined();
  });

  it('reports metrics it cannot get, and does not scale', () => {
    const plan = planAutoscaler(hpa(), observe(2, { a: 50, b: 50 }, { podMetrics: [] }));
    expect(plan.rescale).toBeUndefined();
    const failure = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    expect(plan.events).toEqual([
      { type: 'Warning', reason: 'FailedGetResourceMetric', message: failure },
      {
        type: 'Warning',
        reason: 'FailedComputeMetricsReplicas',
        message: `invalid metrics (1 invalid out of 1), first error is: ${failure}`,
      },
    ]);
    expect(plan.status.conditions?.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: `the HPA was unable to compute the replica count: ${failure}`,
    });
    expect(plan.status.currentReplicas).toBe(2);
  });

  it('still scales up on the metrics it has when another one fails', () => {
    const qps = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } };
    const spec = hpa();
    spec.spec.metrics = [qps, ...spec.spec.metrics!];
    const plan = planAutoscaler(spec, observe(2, { a: 90, b: 90 }));
    expect(plan.rescale?.replicas).toBe(4);
    expect(plan.events.map((e) => e.reason)).toEqual(['FailedGetPodsMetric', 'SuccessfulRescale']);
    expect(plan.status.currentMetrics?.map((m) => m.type)).toEqual(['', 'Resource']);
    expect(plan.error).toMatch(/^invalid metrics \(1 invalid out of 2\)/);
  });

  it('brings the target into minReplicas..maxReplicas before looking at metrics', () => {
    expect(planAutoscaler(hpa({ maxReplicas: 3 }), observe(5, {})).rescale).toEqual({
      from: 5,
      replicas: 3,
      reason: 'Current number of replicas above Spec.MaxReplicas',
    });
    expect(planAutoscaler(hpa({ minReplicas: 2 }), observe(1, {})).rescale?.reason).toBe(
      'Current number of replicas below Spec.MinReplicas',
    );
  });

  it('does not autoscale a target scaled to zero', () => {
    const plan = planAutoscaler(hpa(), observe(0, {}));
    expect(plan.rescale).toBeUndefined();
    expect(plan.status.desiredReplicas).toBe(0);
    expect(conditionsOf(plan.status)).toContain('ScalingActive=False/ScalingDisabled');
  });

  it('needs a selector on the target’s scale', () => {
    const plan = planAutoscaler(hpa(), { ...observe(2, { a: 90 }), scale: { replicas: 2, selector: '' } });
    expect(plan.events.map((e) => e.reason)).toEqual(['SelectorRequired', 'FailedComputeMetricsReplicas']);
    expect(conditionsOf(plan.status)).toContain('ScalingActive=False/InvalidSelector');
  });

  it('keeps a condition’s transition time while its status holds', () => {
    const first = planAutoscaler(hpa(), observe(2, { a: 50, b: 50 }));
    const next = planAutoscaler({ ...hpa(), status: first.status }, { ...observe(2, { a: 50, b: 50 }), now: NOW + 15_000 });
    expect(next.status.conditions?.map((c) => c.lastTransitionTime)).toEqual([T, T, T]);
  });

  it('scales on an average memory value', () => {
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Ki' } } };
    const plan = planAutoscaler(hpa({ metrics: [memory] }), observe(2, { a: 10, b: 10 }));
    // Each pod uses 1024Ki against 512Ki: twice as many pods.
    expect(plan.rescale?.replicas).toBe(4);
    expect(plan.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '1048576' } } }]);
  });
});

describe('after the rescale', () => {
  it('records a made rescale for the rate policies', () => {
    const spec = hpa({
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
        scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    });
    const plan = planAutoscaler(spec, observe(2, { a: 90, b: 90 }));
    expect(plan.rescale?.replicas).toBe(3);
    expect(rescaled(spec, plan, NOW).scaleUps).toEqual([{ change: 1, at: NOW }]);
  });

  it('turns a failed write into FailedRescale and AbleToScale False', () => {
    const spec = hpa();
    const failed = rescaleFailed(spec, planAutoscaler(spec, observe(2, { a: 90, b: 90 })), 'the server is on fire', NOW);
    expect(failed.events).toEqual([
      {
        type: 'Warning',
        reason: 'FailedRescale',
        message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target; error: the server is on fire',
      },
    ]);
    expect(failed.status.lastScaleTime).toBeUndefined();
    expect(failed.status.desiredReplicas).toBe(0);
    expect(conditionsOf(failed.status)[0]).toBe('AbleToScale=False/FailedUpdateScale');
  });
});
