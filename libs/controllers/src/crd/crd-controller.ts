// Keeps the served custom kinds in step with the stored CustomResourceDefinitions: each accepted
// definition's versions go into the dynamic-resource registry the API server looks kinds up in,
// and its status shows NamesAccepted and Established. Run at start-up too, from the informer's
// first list, so a restarted control plane serves every kind it served before.
import {
  CLEANUP_FINALIZER,
  type ConversionWebhookTransport,
  customResourceDefinitions as CRDS,
  type CustomResourceDefinition,
  customResourceStrategies,
  type DynamicResources,
  ignoring,
  isConflict,
  isNotFound,
} from '@stevedore/api';
import { deleteObject, listObjects, type ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { type DefinitionPlan, planDefinitions } from './crd-plan';

const ALL = 'all';
/** A deleting definition's objects may take a while (their own finalizers): looked at again this often. */
const CLEANUP_RETRY_MS = 1000;

export class CustomResourceDefinitionController {
  private readonly log = logger('crd-controller');
  readonly queue = new WorkQueue(() => this.reconcile(), this.log, 1);

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly crds: Informer<CustomResourceDefinition>,
    private readonly served: DynamicResources,
    /** Calls the definitions' conversion webhooks (`conversion: Webhook`). */
    private readonly conversionWebhooks?: ConversionWebhookTransport,
  ) {
    crds.events.subscribe(() => this.queue.add(ALL));
    this.serve(planDefinitions(crds.list(), new Date().toISOString()));
    this.queue.add(ALL);
  }

  stop(): void {
    this.queue.stop();
  }

  /** Puts the accepted definitions' versions in the registry and takes the others out. */
  private serve(plans: Map<string, DefinitionPlan>): void {
    for (const owner of this.served.owners()) if (!plans.get(owner)?.serve) this.served.remove(owner);
    for (const crd of this.crds.list()) {
      const name = crd.metadata.name ?? '';
      if (plans.get(name)?.serve) this.served.replace(name, customResourceStrategies(crd, this.conversionWebhooks));
    }
  }

  private async reconcile(): Promise<{ requeueAfterMs: number } | undefined> {
    const crds = this.crds.list();
    const plans = planDefinitions(crds, new Date().toISOString());
    this.serve(plans);
    let remaining = 0;
    for (const crd of crds) {
      const plan = plans.get(crd.metadata.name ?? '');
      if (crd.metadata.deletionTimestamp) remaining += await this.cleanUp(crd);
      else if (plan) await this.writeStatus(crd, plan);
    }
    return remaining ? { requeueAfterMs: CLEANUP_RETRY_MS } : undefined;
  }

  /** Deletes a deleting definition's objects, then lets it go; returns how many objects remain. */
  private async cleanUp(crd: CustomResourceDefinition): Promise<number> {
    if (!crd.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return 0;
    const storage = customResourceStrategies(crd).find((r) => !r.conversion);
    let remaining = 0;
    if (storage) {
      const { items } = await listObjects(this.registry.store, storage, undefined, {});
      for (const item of items) {
        if (!item.metadata.deletionTimestamp)
          await deleteObject(this.registry, storage, item.metadata.namespace, item.metadata.name).catch(ignoring(isNotFound));
      }
      remaining = (await listObjects(this.registry.store, storage, undefined, {})).items.length;
    }
    if (remaining) return remaining;
    const finalizers = crd.metadata.finalizers.filter((f) => f !== CLEANUP_FINALIZER);
    const patch = { metadata: { finalizers, resourceVersion: crd.metadata.resourceVersion } };
    await this.registry.patch(CRDS, undefined, crd.metadata.name ?? '', 'merge', patch).catch(ignoring(isNotFound, isConflict));
    return 0;
  }

  private async writeStatus(crd: CustomResourceDefinition, plan: DefinitionPlan): Promise<void> {
    const acceptedNames = plan.serve || crd.status?.acceptedNames ? (plan.serve ? crd.spec.names : crd.status?.acceptedNames) : undefined;
    const status = { conditions: plan.conditions, ...(acceptedNames ? { acceptedNames } : {}) };
    const same =
      JSON.stringify(status.conditions) === JSON.stringify(crd.status?.conditions) &&
      JSON.stringify(acceptedNames) === JSON.stringify(crd.status?.acceptedNames);
    if (same) return;
    await this.registry
      .patch(CRDS, undefined, crd.metadata.name ?? '', 'merge', { status }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
