// Empties namespaces that are being deleted, then removes them. Pods get their normal graceful
// termination, so a namespace stays Terminating until its nodes have stopped its containers.
import { ignoring, isNotFound, type Namespace, RESOURCES, type ResourceStrategy } from '@stevedore/api';
import { deleteObject, listObjects, type ObjectRegistry, objectKey } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { KeyNotFoundError, revisionOf } from '@stevedore/store';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';

const NAMESPACED = RESOURCES.filter((r) => r.namespaced);

export class NamespaceController {
  readonly queue: WorkQueue;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly namespaces: Informer<Namespace>,
  ) {
    this.queue = new WorkQueue((name) => this.reconcile(name), logger('namespace-controller'), 2);
    namespaces.events.subscribe((e) => e.object.metadata.deletionTimestamp && this.queue.add(e.object.metadata.name));
    for (const ns of namespaces.list((o) => !!o.metadata.deletionTimestamp)) this.queue.add(ns.metadata.name);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(name: string): Promise<void | { requeueAfterMs: number }> {
    const ns = this.namespaces.get(undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const resource of NAMESPACED) remaining += await this.deleteAll(resource, name);
    if (remaining > 0) return { requeueAfterMs: 1000 };
    // Already gone is done; a changed namespace (a conflict) fails the sync, to be read again.
    await this.registry.store
      .delete(objectKey(this.namespaces.resource, undefined, name), revisionOf(ns))
      .catch(ignoring((err) => err instanceof KeyNotFoundError));
  }

  /** Deletes what is left of one resource in the namespace; returns how many objects still exist. */
  private async deleteAll(resource: ResourceStrategy, namespace: string): Promise<number> {
    const { items } = await listObjects(this.registry.store, resource, namespace, {});
    for (const item of items) {
      if (item.metadata.deletionTimestamp) continue;
      await deleteObject(this.registry, resource, namespace, item.metadata.name).catch(ignoring(isNotFound));
    }
    return items.length;
  }
}
