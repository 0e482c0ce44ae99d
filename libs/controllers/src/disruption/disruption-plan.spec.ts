import type { Deployment, Pod, PodDisruptionBudget, PodDisruptionBudgetSpec, ReplicaSet } from '@stevedore/api';
import { DELETION_TIMEOUT_MS, planDisruptionBudget, type Workloads } from './disruption-plan';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const deployment: Deployment = {
  metadata: { name: 'web', namespace: 'default', uid: 'd-1' },
  spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [] } } },
};
const replicaSet = (uid: string, replicas: number, owner?: string): ReplicaSet => ({
  metadata: {
    name: `web-${uid}`,
    namespace: 'default',
    uid,
    ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller: true }] : undefined,
  },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [] } } },
});
const WORKLOADS: Workloads = { replicaSets: [replicaSet('rs-old', 1, 'd-1'), replicaSet('rs-new', 3, 'd-1')], deployments: [deployment] };

function pod(name: string, options: { ready?: boolean; rs?: string; deleting?: boolean; app?: string } = {}): Pod {
  const { ready = true, rs = 'rs-new', deleting = false, app = 'web' } = options;
  return {
    metadata: {
      name,
      namespace: 'default',
      labels: { app },
      ownerReferences: rs ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${rs}`, uid: rs, controller: true }] : undefined,
      ...(deleting ? { deletionTimestamp: '2026-03-01T11:59:00Z' } : {}),
    },
    spec: { containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

function budget(spec: Omit<PodDisruptionBudgetSpec, 'selector'>, status?: PodDisruptionBudget['status']): PodDisruptionBudget {
  return {
    metadata: { name: 'web', namespace: 'default', generation: 3 },
    spec: { ...spec, selector: { matchLabels: { app: 'web' } } },
    status,
  };
}

// Three ready pods and one not ready, of a Deployment of 4 mid-rollout (two ReplicaSets).
const PODS = [pod('a', { rs: 'rs-old' }), pod('b'), pod('c'), pod('d', { ready: false })];

describe('planDisruptionBudget', () => {
  it('minAvailable as a count: expects the matching pods and keeps that many healthy', () => {
    const { status } = planDisruptionBudget(budget({ minAvailable: 2 }), [...PODS, pod('other', { app: 'db' })], NOW, WORKLOADS);
    expect(status).toMatchObject({ expectedPods: 4, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, observedGeneration: 3 });
    expect(status.conditions).toEqual([
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', observedGeneration: 3 }),
    ]);
  });

  it('minAvailable as a percentage of the Deployment, rounded up', () => {
    const { status } = planDisruptionBudget(budget({ minAvailable: '60%' }), PODS, NOW, WORKLOADS);
    expect(status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it('maxUnavailable as a count and as a percentage (rounded up) of the desired replicas', () => {
    expect(planDisruptionBudget(budget({ maxUnavailable: 2 }), PODS, NOW, WORKLOADS).status).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
    });
    expect(planDisruptionBudget(budget({ maxUnavailable: '30%' }), PODS, NOW, WORKLOADS).status).toMatchObject({
      desiredHealthy: 2,
      disruptionsAllowed: 1,
    });
  });

  it('counts a ReplicaSet without a Deployment by its own replicas', () => {
    const workloads = { replicaSets: [replicaSet('rs-new', 5)], deployments: [] };
    const { status } = planDisruptionBudget(budget({ maxUnavailable: 1 }), [pod('b'), pod('c')], NOW, workloads);
    expect(status).toMatchObject({ expectedPods: 5, desiredHealthy: 4, currentHealthy: 2, disruptionsAllowed: 0 });
  });

  it('allows nothing when a percentage meets a pod without a controller, and leaves observedGeneration behind', () => {
    const previous = { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1, observedGeneration: 2 };
    const { status } = planDisruptionBudget(budget({ minAvailable: '50%' }, previous), [pod('b'), pod('bare', { rs: '' })], NOW, WORKLOADS);
    expect(status).toMatchObject({ disruptionsAllowed: 0, observedGeneration: 2 });
    expect(status.conditions?.[0]).toMatchObject({
      status: 'False',
      reason: 'SyncFailed',
      message: 'found no controller ref for pod "bare"',
    });
  });

  it('does not count terminating pods, nor pods evicted moments ago', () => {
    const evictedAt = new Date(NOW - 10_000).toISOString();
    const pods = [pod('a'), pod('b'), pod('c', { deleting: true })];
    const plan = planDisruptionBudget(
      budget(
        { minAvailable: 1 },
        { disruptedPods: { b: evictedAt }, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 },
      ),
      pods,
      NOW,
      WORKLOADS,
    );
    expect(plan.status).toMatchObject({ expectedPods: 2, currentHealthy: 1, disruptionsAllowed: 0, disruptedPods: { b: evictedAt } });
    expect(plan.recheckAt).toBe(Date.parse(evictedAt) + DELETION_TIMEOUT_MS);
  });

  it('forgets an eviction once its pod is gone or the entry expired', () => {
    const stale = new Date(NOW - DELETION_TIMEOUT_MS - 1).toISOString();
    const status = {
      disruptedPods: { a: stale, gone: stale },
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      disruptionsAllowed: 0,
    };
    const plan = planDisruptionBudget(budget({ minAvailable: 1 }, status), [pod('a')], NOW, WORKLOADS);
    expect(plan.status.disruptedPods).toBeUndefined();
    expect(plan.status).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0 });
    expect(plan.recheckAt).toBeUndefined();
  });

  it('keeps the condition transition time while its status holds', () => {
    const first = planDisruptionBudget(budget({ minAvailable: 2 }), PODS, NOW, WORKLOADS).status;
    const later = planDisruptionBudget(budget({ minAvailable: 2 }, first), PODS, NOW + 60_000, WORKLOADS).status;
    expect(later.conditions).toEqual(first.conditions);
  });
});
