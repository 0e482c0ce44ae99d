import type { Pod } from '@stevedore/api';
import type { PodMetric } from './pod-metrics';
import { averageValueReplicas, DEFAULT_CALCULATOR, groupPods, podRequests, utilizationReplicas } from './replica-calculator';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

interface PodShape {
  request?: string;
  phase?: string;
  ready?: boolean;
  startedSecondsAgo?: number;
  readySecondsAgo?: number;
  deleting?: boolean;
}

/** A pod of one container requesting `request` CPU, running and ready for ten minutes unless told otherwise. */
function pod(name: string, shape: PodShape = {}): Pod {
  const { request = '1', phase = 'Running', ready = true, startedSecondsAgo = 600, readySecondsAgo = 590 } = shape;
  return {
    metadata: { name, ...(shape.deleting ? { deletionTimestamp: ago(1) } : {}) },
    spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: request, memory: '100Mi' } } }] },
    status: {
      phase,
      startTime: ago(startedSecondsAgo),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: ago(readySecondsAgo) }],
    },
  };
}

/** Millicores by pod name, measured just now over a 10 s window. */
const usage = (values: Record<string, number>): Map<string, PodMetric> =>
  new Map(Object.entries(values).map(([name, value]) => [name, { value, timestamp: NOW, windowMs: 10_000 }]));

const input = (pods: Pod[], metrics: Map<string, PodMetric>, currentReplicas = pods.length, resource = 'cpu') => ({
  currentReplicas,
  resource,
  pods,
  metrics,
  now: NOW,
  options: DEFAULT_CALCULATOR,
});

describe('utilizationReplicas', () => {
  const three = [pod('a'), pod('b'), pod('c')];

  it('scales up to ceil(pods × current/target)', () => {
    // 1500m of 3000m requested is 50%; against 30% that is 5 pods.
    expect(utilizationReplicas(input(three, usage({ a: 300, b: 500, c: 700 })), 30)).toEqual({
      replicas: 5,
      utilization: 50,
      averageValue: 500,
    });
  });

  it('scales down the same way', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => pod(n));
    // 1400m of 5000m is 28%; 0.56 × 5 rounds up to 3.
    expect(utilizationReplicas(input(five, usage({ a: 100, b: 300, c: 500, d: 250, e: 250 })), 50)).toMatchObject({
      replicas: 3,
      utilization: 28,
    });
  });

  it('changes nothing within the 10% tolerance', () => {
    expect(utilizationReplicas(input(three, usage({ a: 1050, b: 1050, c: 1050 })), 100)).toMatchObject({ replicas: 3, utilization: 105 });
    expect(utilizationReplicas(input(three, usage({ a: 1150, b: 1150, c: 1150 })), 100)).toMatchObject({ replicas: 4 });
  });

  it('counts not-ready pods as using nothing on a scale-up', () => {
    const pods = [pod('a'), pod('b'), pod('c', { ready: false })];
    // Ready pods: 60% against 30%. With c at 0: 40%, so ceil(1.33 × 3) = 4.
    expect(utilizationReplicas(input(pods, usage({ a: 600, b: 600, c: 100 })), 30)).toMatchObject({ replicas: 4, utilization: 60 });
  });

  it('does not scale up when the not-ready pods would reverse the direction', () => {
    const pods = [pod('a'), pod('b', { ready: false }), pod('c', { ready: false })];
    // 40% against 30% for a alone, but 13% with b and c at 0: the direction flips, so nothing changes.
    expect(utilizationReplicas(input(pods, usage({ a: 400, b: 500, c: 700 })), 30)).toMatchObject({ replicas: 3 });
  });

  it('leaves out a pod whose first full window after becoming ready is not measured yet', () => {
    const pods = [pod('a'), pod('b', { startedSecondsAgo: 60, readySecondsAgo: 5 })];
    const groups = groupPods(pods, usage({ a: 500, b: 900 }), 'cpu', NOW, DEFAULT_CALCULATOR);
    expect(groups.ready).toBe(1);
    expect([...groups.unready]).toEqual(['b']);
    // Memory is not judged by readiness.
    expect(groupPods(pods, usage({ a: 500, b: 900 }), 'memory', NOW, DEFAULT_CALCULATOR).ready).toBe(2);
  });

  it('counts a pod started long ago that turned unready after being ready', () => {
    const pods = [pod('a', { ready: false, startedSecondsAgo: 900, readySecondsAgo: 60 })];
    expect(groupPods(pods, usage({ a: 500 }), 'cpu', NOW, DEFAULT_CALCULATOR).ready).toBe(1);
  });

  it('treats pods without metrics as idle on a scale-up', () => {
    // a and b at 60% against 30%; c counted at 0 makes 40%, ceil(1.33 × 3) = 4.
    expect(utilizationReplicas(input(three, usage({ a: 600, b: 600 })), 30)).toMatchObject({ replicas: 4, utilization: 60 });
  });

  it('treats pods without metrics as using their whole request on a scale-down', () => {
    const four = ['a', 'b', 'c', 'd'].map((n) => pod(n));
    // 10% alone; with d at 100%: 1300m of 4000m = 32%, ceil(0.64 × 4) = 3.
    expect(utilizationReplicas(input(four, usage({ a: 100, b: 100, c: 100 })), 50)).toMatchObject({ replicas: 3, utilization: 10 });
  });

  it('ignores pods being deleted or failed, and counts pending pods as not ready', () => {
    const pods = [pod('a'), pod('b', { deleting: true }), pod('c', { phase: 'Failed' }), pod('d', { phase: 'Pending' })];
    const groups = groupPods(pods, usage({ a: 100, b: 100, c: 100 }), 'cpu', NOW, DEFAULT_CALCULATOR);
    expect(groups).toEqual({ ready: 1, unready: new Set(['d']), missing: new Set(), ignored: new Set(['b', 'c']) });
  });

  it('refuses to guess without pods, usable metrics or requests', () => {
    expect(utilizationReplicas(input([], usage({})), 50)).toEqual({
      error: 'no pods returned by selector while calculating replica count',
    });
    expect(utilizationReplicas(input([pod('a', { ready: false })], usage({ a: 100 })), 50)).toEqual({
      error: 'did not receive metrics for targeted pods (pods might be unready)',
    });
    const noRequest = pod('a');
    delete noRequest.spec.containers[0]!.resources;
    expect(utilizationReplicas(input([noRequest], usage({ a: 100 })), 50)).toEqual({
      error: 'missing request for cpu in container app of Pod a',
    });
  });

  it('sums requests over containers and restartable init containers', () => {
    const p = pod('a', { request: '200m' });
    p.spec.initContainers = [
      { name: 'sidecar', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
      { name: 'setup', image: 'x' },
    ];
    expect(podRequests([p], 'cpu')).toEqual(new Map([['a', 250]]));
    expect(podRequests([p], 'memory')).toEqual({ error: 'missing request for memory in container sidecar of Pod a' });
  });
});

describe('averageValueReplicas', () => {
  it('scales by the average per pod against the target', () => {
    const pods = [pod('a'), pod('b')];
    // 300m average against 100m: 3 × 2 = 6.
    expect(averageValueReplicas(input(pods, usage({ a: 200, b: 400 })), 100)).toEqual({ replicas: 6, averageValue: 300 });
    expect(averageValueReplicas(input(pods, usage({ a: 95, b: 105 })), 100)).toEqual({ replicas: 2, averageValue: 100 });
  });

  it('takes pods without metrics at the target on a scale-down', () => {
    const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
    // 20m against 100m; with d at 100m: 40m average, ceil(0.4 × 4) = 2.
    expect(averageValueReplicas(input(pods, usage({ a: 20, b: 20, c: 20 })), 100)).toEqual({ replicas: 2, averageValue: 20 });
  });
});
