// The Deployment controller: one safe rollout step per sync (planDeployment), applied as
// ReplicaSet creations, scalings and deletions, plus the status `kubectl rollout status` reads.
import {
  deployments as DEPLOYMENTS,
  type Deployment,
  ignoring,
  isAlreadyExists,
  isNotFound,
  replicaSets as REPLICASETS,
  type ReplicaSet,
} from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { EventRecorder } from '../runtime/events';
import type { Informer } from '../runtime/informer';
import { controllerKey } from '../runtime/owner-key';
import { WorkQueue } from '../runtime/work-queue';
import { planDeployment, REVISION_ANNOTATION } from './deployment-plan';
import type { DeploymentStatus } from './deployment-status';

export class DeploymentController {
  readonly queue = new WorkQueue((key) => this.reconcile(key), logger('deployment-controller'), 4);
  private readonly events: EventRecorder;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly deployments: Informer<Deployment>,
    private readonly replicaSets: Informer<ReplicaSet>,
  ) {
    this.events = new EventRecorder(registry, 'deployment-controller');
    deployments.events.subscribe(({ object }) => this.queue.add(`${object.metadata.namespace}/${object.metadata.name}`));
    replicaSets.events.subscribe(({ object }) => {
      const key = controllerKey(object, 'Deployment');
      if (key) this.queue.add(key);
    });
    for (const d of deployments.list()) this.queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<void | { requeueAfterMs: number }> {
    const [namespace, name] = key.split('/') as [string, string];
    const d = this.deployments.get(namespace, name);
    if (!d) return;
    const owned = this.replicaSets.list((rs) => rs.metadata.namespace === namespace);
    const plan = planDeployment(d, owned, Date.now());
    if (plan.createReplicaSet) {
      await this.registry.create(REPLICASETS, namespace, plan.createReplicaSet).then(
        ({ object }) =>
          this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${object.metadata.name} to ${object.spec.replicas}`),
        (err) => {
          if (!isAlreadyExists(err)) throw err;
        },
      );
    }
    for (const { name: rsName, replicas } of plan.scale) {
      const rs = this.replicaSets.get(namespace, rsName);
      const direction = (rs?.spec.replicas ?? 0) < replicas ? 'up' : 'down';
      await this.registry.patch(REPLICASETS, namespace, rsName, 'merge', { spec: { replicas } });
      this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${rsName} to ${replicas}`);
    }
    for (const { name: rsName, revision } of plan.revisions) {
      await this.registry.patch(REPLICASETS, namespace, rsName, 'merge', {
        metadata: { annotations: { [REVISION_ANNOTATION]: revision } },
      });
    }
    for (const rsName of plan.deleteReplicaSets)
      await deleteObject(this.registry, REPLICASETS, namespace, rsName).catch(ignoring(isNotFound));
    await this.writeStatus(d, plan.status);
  }

  private async writeStatus(d: Stored<Deployment>, status: DeploymentStatus): Promise<void> {
    // Condition times only move when a condition's status changes.
    const conditions = status.conditions.map((c) => {
      const before = (d.status?.conditions ?? []).find((o) => o.type === c.type);
      return before && before.status === c.status && before.reason === c.reason
        ? { ...c, lastTransitionTime: before.lastTransitionTime, lastUpdateTime: before.lastUpdateTime }
        : c;
    });
    const next = { ...status, conditions };
    if (JSON.stringify(next) === JSON.stringify(d.status)) return;
    await this.registry
      .patch(DEPLOYMENTS, d.metadata.namespace, d.metadata.name, 'merge', { status: next }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
