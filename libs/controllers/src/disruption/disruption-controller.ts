// Keeps each PodDisruptionBudget's status (healthy pods, allowed disruptions) current, for the
// eviction subresource to spend. A pod change requeues the budgets of its namespace that select
// it, before or after the change; a scale change of a workload, every budget of its namespace.
import {
  type Deployment,
  ignoring,
  isNotFound,
  type KubeObject,
  type Pod,
  type PodDisruptionBudget,
  pdbSelects,
  podDisruptionBudgets,
  type ReplicaSet,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { cacheKey, type Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { planDisruptionBudget } from './disruption-plan';

export class DisruptionController {
  readonly queue: WorkQueue;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly budgets: Informer<PodDisruptionBudget>,
    private readonly pods: Informer<Pod>,
    private readonly replicaSets: Informer<ReplicaSet>,
    private readonly deployments: Informer<Deployment>,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key), logger('disruption-controller'), 2);
    budgets.events.subscribe((e) => this.queue.add(cacheKey(e.object)));
    pods.events.subscribe((e) => {
      const selects = (pdb: PodDisruptionBudget) => pdbSelects(pdb, e.object) || (!!e.old && pdbSelects(pdb, e.old));
      for (const pdb of budgets.list(selects)) this.queue.add(cacheKey(pdb));
    });
    const requeueNamespace = (e: { object: KubeObject }) => {
      const namespace = e.object.metadata.namespace;
      for (const pdb of budgets.list((b) => b.metadata.namespace === namespace)) this.queue.add(cacheKey(pdb));
    };
    replicaSets.events.subscribe(requeueNamespace);
    deployments.events.subscribe(requeueNamespace);
    for (const pdb of budgets.list()) this.queue.add(cacheKey(pdb));
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<undefined | { requeueAfterMs: number }> {
    const [namespace, name] = key.split('/') as [string, string];
    const pdb = this.budgets.get(namespace, name);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const inNamespace = <T extends KubeObject>(o: T) => o.metadata.namespace === namespace;
    const now = Date.now();
    const plan = planDisruptionBudget(pdb, this.pods.list(inNamespace), now, {
      replicaSets: this.replicaSets.list(inNamespace),
      deployments: this.deployments.list(inNamespace),
    });
    if (JSON.stringify(plan.status) !== JSON.stringify(pdb.status)) {
      // At the cached copy's resourceVersion: an eviction that spent the budget meanwhile wins, and we recompute.
      await this.registry
        .update(podDisruptionBudgets, namespace, name, { ...pdb, status: plan.status }, { subresource: 'status' })
        .catch(ignoring(isNotFound));
    }
    return plan.recheckAt === undefined ? undefined : { requeueAfterMs: Math.max(0, plan.recheckAt - now) + 1000 };
  }
}
