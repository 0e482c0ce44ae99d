// Empties namespaces that are being deleted, then removes them. Pods get their normal graceful
// termination, so a namespace stays Terminating until its nodes have stopped its containers.
// Custom objects go too: the served custom kinds are read from the CRD registry on each pass, so
// a kind defined after the namespace was marked for deletion is emptied as well.
import {
  type DynamicResources,
  ignoring,
  isNotFound,
  namespaces as NAMESPACES,
  type Namespace,
  RESOURCES,
  type ResourceStrategy,
} from '@stevedore/api';
import { deleteObject, listObjects, type ObjectRegistry, objectKey } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { KeyNotFoundError, revisionOf, type StoredObject } from '@stevedore/store';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { deletionConditions, type Remaining } from './namespace-conditions';

const NAMESPACED = RESOURCES.filter((r) => r.namespaced);

export class NamespaceController {
  readonly queue: WorkQueue;
  private readonly log = logger('namespace-controller');

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly namespaces: Informer<Namespace>,
    private readonly custom?: DynamicResources,
  ) {
    this.queue = new WorkQueue((name) => this.reconcile(name), this.log, 2);
    namespaces.events.subscribe((e) => e.object.metadata.deletionTimestamp && this.queue.add(e.object.metadata.name));
    for (const ns of namespaces.list((o) => !!o.metadata.deletionTimestamp)) this.queue.add(ns.metadata.name);
  }

  stop(): void {
    this.queue.stop();
  }

  /** The built-in namespaced kinds, then each served custom kind's stored version. */
  private resources(): ResourceStrategy[] {
    const custom = (this.custom?.all() ?? []).filter((r) => r.namespaced && !r.conversion);
    return [...NAMESPACED, ...custom];
  }

  private async reconcile(name: string): Promise<undefined | { requeueAfterMs: number }> {
    const ns = this.namespaces.get(undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const left: Remaining[] = [];
    for (const resource of this.resources()) left.push(await this.deleteAll(resource, name));
    if (left.some((r) => r.count > 0)) {
      await this.writeConditions(ns, left);
      return { requeueAfterMs: 1000 };
    }
    // Already gone is done; a changed namespace (a conflict) fails the sync, to be read again.
    await this.registry.store
      .delete(objectKey(this.namespaces.resource, undefined, name), revisionOf(ns))
      .catch(ignoring((err) => err instanceof KeyNotFoundError));
  }

  /** Deletes what is left of one resource in the namespace; returns what still exists. */
  private async deleteAll(resource: ResourceStrategy, namespace: string): Promise<Remaining> {
    const { items } = await listObjects(this.registry.store, resource, namespace, {});
    const finalizers = new Map<string, number>();
    for (const item of items) {
      for (const f of item.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      if (item.metadata.deletionTimestamp) continue;
      await deleteObject(this.registry, resource, namespace, item.metadata.name).catch(ignoring(isNotFound));
    }
    const shown = resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
    return { resource: shown, count: items.length, finalizers };
  }

  /** Shows what is left on the namespace, as `kubectl get ns -o yaml` does on Kubernetes. */
  private async writeConditions(ns: Namespace, left: Remaining[]): Promise<void> {
    const conditions = deletionConditions(ns.status?.conditions, left, this.registry.timestamp());
    if (!conditions) return;
    const name = ns.metadata.name ?? '';
    // Straight to the store: the registry finishes the deletion of any write to a deleting object
    // without metadata.finalizers, and a namespace's finalizers are in its spec.
    const next = { ...ns, status: { ...ns.status, conditions } } as unknown as StoredObject;
    await this.registry.store.update(objectKey(NAMESPACES, undefined, name), next, revisionOf(ns)).catch((err) => {
      // A changed namespace is read again on the next pass; anything else is worth knowing.
      this.log.warn(`namespace ${name}: conditions not written: ${(err as Error).message}`);
    });
  }
}
