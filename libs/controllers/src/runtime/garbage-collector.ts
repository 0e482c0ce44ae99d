// Background cascading deletion: when an owner is gone, objects that name it as their
// controller are deleted too (a Deployment's ReplicaSets, a ReplicaSet's pods).
import { ignoring, isConflict, isNotFound, type KubeObject, type ResourceStrategy } from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { cacheKey, type Informer } from './informer';
import { controllingRef } from './owner-key';

export interface OwnedKind {
  /** The dependents (e.g. pods) and the informers of their possible owners, by owner kind. */
  dependents: Informer<KubeObject>;
  owners: Record<string, Informer<KubeObject>>;
  /**
   * Collected once every owner they name (of the kinds in `owners`) is gone, controller or not, as
   * Kubernetes' collector does; otherwise only through their controller. A StatefulSet's claims
   * name the set or a scaled-away pod this way.
   */
  anyOwner?: boolean;
}

export class GarbageCollector {
  private readonly timer: NodeJS.Timeout;
  /** Stopped when its leadership term ends: owner events no longer start collections. */
  private stopped = false;

  private readonly finishing = new Set<string>();
  private readonly log = logger('garbage-collector');

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly kinds: OwnedKind[],
    sweepMs = 30_000,
  ) {
    for (const { owners, dependents } of kinds) {
      for (const [kind, informer] of Object.entries(owners)) {
        registry.propagationKinds.add(kind);
        informer.events.subscribe(({ type, object }) => {
          if (this.stopped) return;
          if (type === 'DELETED') this.collectDependentsOf(object.metadata.uid);
          else if (object.metadata.deletionTimestamp) void this.finalize(informer, object);
        });
        for (const owner of informer.list((o) => !!o.metadata.deletionTimestamp)) void this.finalize(informer, owner);
      }
      // A foreground deletion finishes when its last dependent is gone.
      dependents.events.subscribe(({ type, object }) => {
        if (type !== 'DELETED' || this.stopped) return;
        for (const [kind, informer] of Object.entries(owners)) {
          const ref = (object.metadata.ownerReferences ?? []).find((r) => r.kind === kind);
          const owner = ref && informer.list((o) => o.metadata.uid === ref.uid)[0];
          if (owner?.metadata.deletionTimestamp) void this.finalize(informer, owner);
        }
      });
    }
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Orphan: dependents lose their owner reference. Foreground: dependents go first. Then the owner goes. */
  private async finalize(ownerInformer: Informer<KubeObject>, owner: Stored<KubeObject>): Promise<void> {
    const finalizers = owner.metadata.finalizers ?? [];
    const mode = finalizers.includes('orphan') ? 'orphan' : finalizers.includes('foregroundDeletion') ? 'foregroundDeletion' : undefined;
    if (!mode || this.finishing.has(owner.metadata.uid)) return;
    this.finishing.add(owner.metadata.uid);
    try {
      const dependents = this.kinds.flatMap(({ dependents: informer }) =>
        informer
          .list((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid))
          .map((o) => ({ informer, object: o })),
      );
      for (const { informer, object } of dependents) {
        if (mode === 'orphan') {
          const refs = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
          await this.registry.patch(informer.resource, object.metadata.namespace, object.metadata.name, 'merge', {
            metadata: { ownerReferences: refs.length ? refs : null },
          });
        } else {
          await this.remove(informer.resource, object);
        }
      }
      if (mode === 'foregroundDeletion' && dependents.length) return;
      const rest = finalizers.filter((f) => f !== mode);
      await this.registry.patch(ownerInformer.resource, owner.metadata.namespace, owner.metadata.name, 'merge', {
        metadata: { finalizers: rest.length ? rest : null },
      });
    } catch (err) {
      // Retried on the owner's next event or the next sweep; a conflict is only another writer first.
      const level = isConflict(err) ? 'debug' : 'warn';
      this.log[level]('cannot finish deleting dependents; tried again later', { key: cacheKey(owner), err });
    } finally {
      this.finishing.delete(owner.metadata.uid);
    }
  }

  private collectDependentsOf(uid: string): void {
    for (const kind of this.kinds) {
      const { dependents } = kind;
      for (const object of dependents.controlledBy(uid)) void this.remove(dependents.resource, object);
      if (!kind.anyOwner) continue;
      const named = dependents.list((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === uid && !r.controller));
      for (const object of named) if (this.ownersGone(kind, object)) void this.remove(dependents.resource, object);
    }
  }

  /** Every owner the object names, of the kinds this entry knows, is absent from its informer. */
  private ownersGone({ owners }: OwnedKind, object: Stored<KubeObject>): boolean {
    return (object.metadata.ownerReferences ?? []).every((ref) => {
      const informer = owners[ref.kind];
      return !!informer && informer.get(object.metadata.namespace, ref.name)?.metadata.uid !== ref.uid;
    });
  }

  /** Catches owners deleted while the control plane was down. */
  private sweep(): void {
    for (const kind of this.kinds) {
      const { dependents, owners } = kind;
      for (const informer of Object.values(owners)) {
        for (const owner of informer.list((o) => !!o.metadata.deletionTimestamp)) void this.finalize(informer, owner);
      }
      // Young objects are skipped: their owner may simply not have reached its informer yet. One
      // without a creation time (never so from the registry) counts as young: NaN compares false.
      const settled = Date.now() - 60_000;
      // Each kind's owners read once per sweep, not once per dependent (30,000 pods × their owners).
      const live = new Map(Object.entries(owners).map(([kind, informer]) => [kind, new Set(informer.list().map((o) => o.metadata.uid))]));
      for (const object of dependents.list((o) => Date.parse(o.metadata.creationTimestamp ?? '') < settled)) {
        const ref = controllingRef(object);
        const uids = ref && live.get(ref.kind);
        if (uids && !uids.has(ref.uid)) void this.remove(dependents.resource, object);
        else if (kind.anyOwner && !ref && object.metadata.ownerReferences?.length && this.ownersGone(kind, object)) {
          void this.remove(dependents.resource, object);
        }
      }
    }
  }

  private async remove(resource: ResourceStrategy, object: Stored<KubeObject>): Promise<void> {
    if (object.metadata.deletionTimestamp) return;
    // Gone, or replaced by a new object of the same name (uid precondition): not ours to delete.
    await deleteObject(this.registry, resource, object.metadata.namespace, object.metadata.name, {
      preconditions: { uid: object.metadata.uid },
    }).catch(ignoring(isNotFound, isConflict));
  }
}
