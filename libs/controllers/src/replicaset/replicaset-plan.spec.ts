import type { Pod, ReplicaSet } from '@stevedore/api';
import { planReplicaSet } from './replicaset-plan';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const rs = (replicas: number, extra: Partial<ReplicaSet['metadata']> = {}): ReplicaSet => ({
  metadata: { name: 'web-abc', namespace: 'default', uid: 'rs-uid', generation: 3, ...extra },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    minReadySeconds: 30,
    template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

function pod(
  name: string,
  opts: {
    owner?: string;
    node?: string;
    phase?: string;
    readySince?: string;
    created?: string;
    labels?: Record<string, string>;
    deleting?: boolean;
  } = {},
): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      labels: opts.labels ?? { app: 'web', tier: 'front' },
      creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: opts.owner ?? 'rs-uid', controller: true }],
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:09:00Z' } : {}),
    },
    spec: { nodeName: opts.node, containers: [{ name: 'c', image: 'nginx' }] },
    status: {
      phase: opts.phase ?? 'Pending',
      conditions: opts.readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: opts.readySince }] : [],
    },
  };
}

describe('planReplicaSet', () => {
  it('creates the missing pods, counting only active pods it controls', () => {
    const pods = [
      pod('a', { node: 'n1', phase: 'Running' }),
      pod('b', { owner: 'someone-else' }),
      pod('c', { phase: 'Succeeded' }),
      pod('d', { deleting: true }),
    ];
    const plan = planReplicaSet(rs(3), pods, NOW);
    expect(plan.create).toBe(2);
    expect(plan.delete).toEqual([]);
    expect(plan.status.replicas).toBe(1);
  });

  it('deletes surplus pods worst first: unscheduled, then pending, then not ready, then newest', () => {
    const pods = [
      pod('ready-old', { node: 'n1', phase: 'Running', readySince: '2026-01-01T00:00:00Z', created: '2026-01-01T00:00:00Z' }),
      pod('ready-new', { node: 'n1', phase: 'Running', readySince: '2026-01-01T00:00:00Z', created: '2026-01-01T00:05:00Z' }),
      pod('running-unready', { node: 'n1', phase: 'Running' }),
      pod('pending', { node: 'n2' }),
      pod('unscheduled'),
    ];
    const plan = planReplicaSet(rs(1), pods, NOW);
    expect(plan.delete.map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'running-unready', 'ready-new']);
  });

  it('computes ready, available (after minReadySeconds) and fully labeled counts', () => {
    const pods = [
      pod('long-ready', { node: 'n', phase: 'Running', readySince: '2026-01-01T00:00:00Z' }),
      pod('just-ready', { node: 'n', phase: 'Running', readySince: '2026-01-01T00:09:50Z' }),
      pod('partial-labels', { node: 'n', phase: 'Running', labels: { app: 'web' } }),
    ];
    expect(planReplicaSet(rs(3), pods, NOW).status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 1,
      observedGeneration: 3,
    });
  });

  it('does nothing while the ReplicaSet is being deleted', () => {
    const plan = planReplicaSet(rs(5, { deletionTimestamp: '2026-01-01T00:00:00Z' }), [], NOW);
    expect(plan).toMatchObject({ create: 0, delete: [] });
  });
});
