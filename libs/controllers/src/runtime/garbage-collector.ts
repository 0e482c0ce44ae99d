// Background cascading deletion: when an owner is gone, objects that name it as their
// controller are deleted too (a Deployment's ReplicaSets, a ReplicaSet's pods).
import type { ResourceType } from '@stevedore/api';
import { ApiObject, deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import type { Informer } from './informer';

export interface OwnedKind {
  /** The dependents (e.g. pods) and the informers of their possible owners, by owner kind. */
  dependents: Informer;
  owners: Record<string, Informer>;
}

export class GarbageCollector {
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly registry: ObjectRegistry, private readonly kinds: OwnedKind[], sweepMs = 30_000) {
    for (const { owners } of kinds) {
      for (const informer of Object.values(owners)) {
        informer.events.subscribe(({ type, object }) => type === 'DELETED' && this.collectDependentsOf(object.metadata.uid));
      }
    }
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private collectDependentsOf(uid: string): void {
    for (const { dependents } of this.kinds) {
      for (const object of dependents.list((o) => controllerUid(o) === uid)) void this.remove(dependents.resource, object);
    }
  }

  /** Catches owners deleted while the control plane was down. */
  private sweep(): void {
    for (const { dependents, owners } of this.kinds) {
      // Young objects are skipped: their owner may simply not have reached its informer yet.
      const settled = Date.now() - 60_000;
      for (const object of dependents.list((o) => Date.parse(o.metadata.creationTimestamp) < settled)) {
        const ref = (object.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller);
        const owner = ref && owners[ref.kind];
        if (owner && !owner.list((o: ApiObject) => o.metadata.uid === ref.uid).length) void this.remove(dependents.resource, object);
      }
    }
  }

  private async remove(resource: ResourceType, object: ApiObject): Promise<void> {
    if (object.metadata.deletionTimestamp) return;
    await deleteObject(this.registry, resource, object.metadata.namespace, object.metadata.name, { preconditions: { uid: object.metadata.uid } }).catch(() => undefined);
  }
}

function controllerUid(object: ApiObject): string | undefined {
  return (object.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller)?.uid;
}
