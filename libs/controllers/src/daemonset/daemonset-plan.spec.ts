import type { DaemonSet, Node, Pod } from '@stevedore/api';
import { templateHash } from '../deployment/template-hash';
import { DAEMON_HASH_LABEL, planDaemonSet } from './daemonset-plan';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const node = (name: string, extra: Partial<Node['spec']> = {}, labels: Record<string, string> = {}): Node => ({
  metadata: { name, labels },
  spec: extra,
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const ds = (image = 'agent:1', spec: Partial<DaemonSet['spec']> = {}): DaemonSet => ({
  metadata: { name: 'logs', namespace: 'kube-system', uid: 'ds-uid', generation: 1 },
  spec: {
    selector: { matchLabels: { app: 'logs' } },
    template: { metadata: { labels: { app: 'logs' } }, spec: { containers: [{ name: 'c', image }] } },
    ...spec,
  },
});
const podOn = (d: DaemonSet, nodeName: string, hash = templateHash(d.spec.template), ready = true): Pod => ({
  metadata: {
    name: `logs-${nodeName}`,
    labels: { app: 'logs', [DAEMON_HASH_LABEL]: hash },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: 'ds-uid', controller: true }],
  },
  spec: { nodeName, containers: [{ name: 'c', image: 'x' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('planDaemonSet', () => {
  it('creates one pod per eligible node, pinned by node affinity, skipping tainted and unselected nodes', () => {
    const d = ds('agent:1', {
      template: {
        metadata: { labels: { app: 'logs' } },
        spec: { nodeSelector: { role: 'worker' }, containers: [{ name: 'c', image: 'a' }] },
      },
    });
    const nodes = [
      node('a', {}, { role: 'worker' }),
      node('b', {}, { role: 'db' }),
      node('c', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] }, { role: 'worker' }),
      node('d', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }, { role: 'worker' }),
    ];
    const plan = planDaemonSet(d, nodes, [], NOW);
    const pinned = plan.create.map(
      (p) =>
        p.spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchFields![0]!.values![0],
    );
    expect(pinned).toEqual(['a', 'd']);
    expect(plan.status.desiredNumberScheduled).toBe(2);
  });

  it('removes pods from nodes that no longer qualify and duplicates', () => {
    const d = ds();
    const plan = planDaemonSet(
      d,
      [node('a')],
      [podOn(d, 'a'), { ...podOn(d, 'a'), metadata: { ...podOn(d, 'a').metadata, name: 'dup' } }, podOn(d, 'gone')],
      NOW,
    );
    expect(plan.delete.map((p) => p.metadata.name).sort()).toEqual(['dup', 'logs-gone']);
    expect(plan.status).toMatchObject({ currentNumberScheduled: 1, numberMisscheduled: 1 });
  });

  it('replaces outdated pods one node at a time', () => {
    const old = ds('agent:1');
    const next = ds('agent:2');
    const pods = ['a', 'b', 'c'].map((n) => podOn(old, n));
    const plan = planDaemonSet(next, [node('a'), node('b'), node('c')], pods, NOW);
    expect(plan.delete).toHaveLength(1);
    expect(plan.create).toHaveLength(0);
    expect(plan.status.updatedNumberScheduled).toBe(0);
  });
});
