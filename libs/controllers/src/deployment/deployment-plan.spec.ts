import type { Deployment, ReplicaSet } from '@stevedore/api';
import { planDeployment, REVISION_ANNOTATION } from './deployment-plan';
import { resolveIntOrPercent, surgeAndUnavailable } from './rolling-math';
import { templateHash } from './template-hash';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function deployment(
  image: string,
  opts: { replicas?: number; strategy?: Deployment['spec']['strategy']; paused?: boolean } = {},
): Deployment {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: 2 },
    spec: {
      replicas: opts.replicas ?? 4,
      selector: { matchLabels: { app: 'web' } },
      paused: opts.paused,
      strategy: opts.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}

/** A tiny cluster: ReplicaSets whose pods appear on the next tick and disappear at once when scaled down. */
class Sim {
  sets: ReplicaSet[] = [];
  private clock = 0;

  apply(d: Deployment): ReturnType<typeof planDeployment> {
    const plan = planDeployment(d, this.sets, NOW);
    if (plan.createReplicaSet) {
      this.sets.push({
        ...plan.createReplicaSet,
        metadata: {
          ...plan.createReplicaSet.metadata,
          uid: `rs-${this.sets.length}`,
          creationTimestamp: new Date(NOW + this.clock++ * 1000).toISOString(),
        },
        status: { replicas: 0, availableReplicas: 0 },
      });
    }
    for (const s of plan.scale) {
      const rs = this.sets.find((r) => r.metadata.name === s.name)!;
      rs.spec.replicas = s.replicas;
      const st = rs.status as { replicas: number; availableReplicas: number };
      st.replicas = Math.min(st.replicas, s.replicas);
      st.availableReplicas = Math.min(st.availableReplicas, s.replicas);
    }
    for (const r of plan.revisions)
      this.sets.find((x) => x.metadata.name === r.name)!.metadata.annotations![REVISION_ANNOTATION] = r.revision;
    this.sets = this.sets.filter((rs) => !plan.deleteReplicaSets.includes(rs.metadata.name!));
    return plan;
  }

  /** Pods started last tick become available; missing pods start. */
  tick(): void {
    for (const rs of this.sets) {
      const st = rs.status as { replicas: number; availableReplicas: number };
      st.availableReplicas = st.replicas;
      st.replicas = rs.spec.replicas ?? 0;
    }
  }

  available = () => this.sets.reduce((n, rs) => n + (rs.status as { availableReplicas: number }).availableReplicas, 0);
  pods = () => this.sets.reduce((n, rs) => n + (rs.status as { replicas: number }).replicas, 0);
  settle(d: Deployment, steps = 30, check?: () => void): void {
    for (let i = 0; i < steps; i++) {
      this.apply(d);
      check?.();
      this.tick();
      check?.();
    }
  }
}

describe('planDeployment', () => {
  it('brings up a first ReplicaSet with the template hash and revision 1', () => {
    const d = deployment('nginx:1.25');
    const plan = planDeployment(d, [], NOW);
    const hash = templateHash(d.spec.template);
    expect(plan.createReplicaSet).toMatchObject({
      metadata: { name: `web-${hash}`, labels: { app: 'web', 'pod-template-hash': hash }, annotations: { [REVISION_ANNOTATION]: '1' } },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } } },
    });
    expect(plan.createReplicaSet!.metadata.ownerReferences![0]).toMatchObject({ kind: 'Deployment', uid: 'd-uid', controller: true });
  });

  it('rolls out without dropping below replicas - maxUnavailable or surging past replicas + maxSurge', () => {
    const sim = new Sim();
    sim.settle(deployment('nginx:1.25'));
    expect(sim.available()).toBe(4);
    let minAvailable = Infinity;
    let maxPods = 0;
    const next = deployment('nginx:1.27');
    sim.settle(next, 30, () => {
      minAvailable = Math.min(minAvailable, sim.available());
      maxPods = Math.max(maxPods, sim.pods());
    });
    expect(minAvailable).toBeGreaterThanOrEqual(3);
    expect(maxPods).toBeLessThanOrEqual(5);
    const current = sim.sets.find((rs) => rs.spec.template!.spec.containers[0]!.image === 'nginx:1.27')!;
    expect(current.spec.replicas).toBe(4);
    expect(current.metadata.annotations![REVISION_ANNOTATION]).toBe('2');
    expect(sim.sets.filter((rs) => rs !== current).every((rs) => rs.spec.replicas === 0)).toBe(true);
    expect(planDeployment(next, sim.sets, NOW).status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Progressing', reason: 'NewReplicaSetAvailable' },
      ],
    });
  });

  it('does not scale old pods down again before the ReplicaSet status shows the last scale-down', () => {
    const sim = new Sim();
    sim.settle(deployment('nginx:1.25'));
    const next = deployment('nginx:1.27');
    sim.apply(next); // creates the new ReplicaSet with one surge pod
    const old = sim.sets[0]!;
    // The old set was scaled 4 -> 3, but its status still reports the 4 pods it had (not yet observed).
    old.spec.replicas = 3;
    old.status = { replicas: 4, availableReplicas: 4 };
    const plan = planDeployment(next, sim.sets, NOW);
    expect(plan.scale.filter((s) => s.name === old.metadata.name)).toEqual([]);
  });

  it('rolls back by reusing the old ReplicaSet and bumping its revision', () => {
    const sim = new Sim();
    sim.settle(deployment('nginx:1.25'));
    sim.settle(deployment('nginx:1.27'));
    sim.settle(deployment('nginx:1.25'));
    expect(sim.sets).toHaveLength(2);
    const back = sim.sets.find((rs) => rs.spec.template!.spec.containers[0]!.image === 'nginx:1.25')!;
    expect(back.spec.replicas).toBe(4);
    expect(back.metadata.annotations![REVISION_ANNOTATION]).toBe('3');
  });

  it('Recreate stops every old pod before starting new ones', () => {
    const sim = new Sim();
    const strategy = { type: 'Recreate' as const };
    sim.settle(deployment('a', { strategy }));
    let overlap = false;
    sim.settle(deployment('b', { strategy }), 10, () => {
      const running = sim.sets.filter((rs) => (rs.status as { replicas: number }).replicas > 0);
      if (running.length > 1) overlap = true;
    });
    expect(overlap).toBe(false);
    expect(sim.available()).toBe(4);
  });

  it('does not roll a paused deployment and keeps only revisionHistoryLimit old sets', () => {
    const sim = new Sim();
    sim.settle(deployment('v1'));
    const paused = planDeployment(deployment('v2', { paused: true }), sim.sets, NOW);
    expect(paused.createReplicaSet).toBeUndefined();
    expect(paused.scale).toEqual([]);
    const limited = (image: string) => ({ ...deployment(image), spec: { ...deployment(image).spec, revisionHistoryLimit: 1 } });
    for (const v of ['v2', 'v3', 'v4']) sim.settle(limited(v));
    expect(sim.sets.map((rs) => rs.spec.template!.spec.containers[0]!.image).sort()).toEqual(['v3', 'v4']);
  });

  it('resolves percentages as Kubernetes does', () => {
    expect(resolveIntOrPercent('25%', 10, true, '0')).toBe(3);
    expect(resolveIntOrPercent('25%', 10, false, '0')).toBe(2);
    expect(surgeAndUnavailable(3, { maxSurge: 0, maxUnavailable: 0 })).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(surgeAndUnavailable(4, undefined)).toEqual({ maxSurge: 1, maxUnavailable: 1 });
  });
});
