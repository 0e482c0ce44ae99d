// Keeps aggregated ClusterRoles' rules filled in (admin, edit, view and any role with an
// aggregationRule): any ClusterRole change may change what some selector matches, so every
// aggregated role is looked at again; each sync applies planAggregation. Roles aggregated from
// aggregated roles (edit takes view's) converge as each write triggers the next look.
import { type ClusterRole, clusterRoles, isNotFound } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { isAggregated, planAggregation } from './aggregation-plan';

export class ClusterRoleAggregationController {
  private readonly log = logger('clusterrole-aggregation-controller');
  readonly queue = new WorkQueue((name) => this.reconcile(name), this.log, 1);

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly roles: Informer<ClusterRole>,
  ) {
    roles.events.subscribe(() => this.queueAggregated());
    this.queueAggregated();
  }

  stop(): void {
    this.queue.stop();
  }

  private queueAggregated(): void {
    for (const role of this.roles.list()) if (isAggregated(role)) this.queue.add(role.metadata.name);
  }

  private async reconcile(name: string): Promise<void> {
    const role = this.roles.get(undefined, name);
    if (!role || !planAggregation(role, this.roles.list())) return;
    // Recomputed on the stored copy, so a concurrent edit of the role is never written over.
    await this.registry
      .modify(clusterRoles, undefined, name, (current) => {
        const rules = planAggregation(current as ClusterRole, this.roles.list());
        if (!rules) return undefined;
        return { ...current, rules };
      })
      .catch((err) => {
        if (!isNotFound(err)) throw err;
        this.log.debug('aggregated ClusterRole deleted before its rules were written', { name });
      });
  }
}
