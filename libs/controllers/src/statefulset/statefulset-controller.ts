// The StatefulSet controller: records the template as a ControllerRevision, then applies one
// planStatefulSet step (claims before the pods that mount them, claim owners before pod
// deletions), then writes the status `kubectl rollout status` reads.
import {
  type ControllerRevision,
  ignoring,
  isAlreadyExists,
  isConflict,
  isNotFound,
  type PersistentVolumeClaim,
  pods as PODS,
  type Pod,
  persistentVolumeClaims as PVCS,
  statefulSets as STATEFULSETS,
  type StatefulSet,
} from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { pruneRevisions, recordRevision } from '../history/history-writer';
import { EventRecorder } from '../runtime/events';
import type { Informer } from '../runtime/informer';
import { controllerKey } from '../runtime/owner-key';
import { WorkQueue } from '../runtime/work-queue';
import { planStatefulSet, type StatefulSetPlan } from './statefulset-plan';

/** `web-0` for the claim `www-web-0`: claims are named `<template>-<set>-<ordinal>`. */
function podOfClaim(set: Stored<StatefulSet>, claim: PersistentVolumeClaim): string {
  const name = claim.metadata.name ?? '';
  const match = new RegExp(`${set.metadata.name.replace(/[.]/g, '\\.')}-\\d+$`).exec(name);
  return match?.[0] ?? name;
}

export interface StatefulSetInformers {
  statefulSets: Informer<StatefulSet>;
  pods: Informer<Pod>;
  claims: Informer<PersistentVolumeClaim>;
  revisions: Informer<ControllerRevision>;
}

export class StatefulSetController {
  readonly queue = new WorkQueue((key) => this.reconcile(key), logger('statefulset-controller'), 4);
  private readonly events: EventRecorder;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly informers: StatefulSetInformers,
  ) {
    this.events = new EventRecorder(registry, 'statefulset-controller');
    const enqueue = (key: string | undefined) => key && this.queue.add(key);
    informers.statefulSets.events.subscribe(({ object }) => enqueue(`${object.metadata.namespace}/${object.metadata.name}`));
    informers.pods.events.subscribe(({ object }) => enqueue(controllerKey(object, 'StatefulSet')));
    informers.revisions.events.subscribe(({ object }) => enqueue(controllerKey(object, 'StatefulSet')));
    // A claim finishing its deletion lets the pod of its ordinal be made again.
    informers.claims.events.subscribe(({ type, object }) => {
      if (type !== 'DELETED') return;
      for (const set of informers.statefulSets.list((s) => s.metadata.namespace === object.metadata.namespace)) {
        if ((set.spec.volumeClaimTemplates ?? []).length) enqueue(`${set.metadata.namespace}/${set.metadata.name}`);
      }
    });
    for (const s of informers.statefulSets.list()) enqueue(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<void | { requeueAfterMs: number }> {
    const [namespace, name] = key.split('/') as [string, string];
    const set = this.informers.statefulSets.get(namespace, name);
    if (!set) return;
    const claims = new Map(
      this.informers.claims
        .list((c) => c.metadata.namespace === namespace)
        .map((c) => [c.metadata.name, c] as [string, PersistentVolumeClaim]),
    );
    const plan = planStatefulSet(
      {
        set,
        pods: this.informers.pods.controlledBy(set.metadata.uid),
        claims,
        revisions: this.informers.revisions.controlledBy(set.metadata.uid),
      },
      Date.now(),
    );
    if (!plan.history.collision) await this.apply(set, plan);
    await this.writeStatus(set, plan);
    if (plan.history.collision) return { requeueAfterMs: 100 };
    if (plan.requeueAfterMs) return { requeueAfterMs: plan.requeueAfterMs };
  }

  private async apply(set: Stored<StatefulSet>, plan: StatefulSetPlan): Promise<void> {
    const ns = set.metadata.namespace;
    await recordRevision(this.registry, ns, plan.history);
    for (const claim of plan.createClaims) await this.createClaim(set, claim);
    for (const { name, ownerReferences } of plan.claimOwners) {
      await this.registry.patch(PVCS, ns, name, 'merge', {
        metadata: { ownerReferences: ownerReferences.length ? ownerReferences : null },
      });
    }
    await Promise.all(plan.createPods.map((pod) => this.createPod(set, pod)));
    await Promise.all(plan.deletePods.map((pod) => this.deletePod(set, pod)));
    await pruneRevisions(this.registry, ns, plan.history);
  }

  private async createClaim(set: Stored<StatefulSet>, claim: PersistentVolumeClaim): Promise<void> {
    // Kubernetes' words: `create Claim www-web-0 Pod web-0 in StatefulSet web success`.
    const what = `create Claim ${claim.metadata.name} Pod ${podOfClaim(set, claim)} in StatefulSet ${set.metadata.name}`;
    try {
      await this.registry.create(PVCS, set.metadata.namespace, claim);
      this.events.record(set, 'Normal', 'SuccessfulCreate', `${what} success`);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      this.events.record(set, 'Warning', 'FailedCreate', `${what} failed error: ${(err as Error).message}`);
      throw err;
    }
  }

  private async createPod(set: Stored<StatefulSet>, pod: Pod): Promise<void> {
    const name = pod.metadata.name;
    try {
      await this.registry.create(PODS, set.metadata.namespace, pod);
      this.events.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} successful`);
    } catch (err) {
      // Already there: the cache had not seen it yet. The next sync judges it.
      if (isAlreadyExists(err)) return;
      this.events.record(
        set,
        'Warning',
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`,
      );
      throw err;
    }
  }

  private async deletePod(set: Stored<StatefulSet>, pod: Pod): Promise<void> {
    // The uid precondition keeps a stale cache from deleting the pod that already replaced this one.
    await deleteObject(this.registry, PODS, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } }).then(
      () =>
        this.events.record(
          set,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
        ),
      ignoring(isNotFound, isConflict),
    );
  }

  private async writeStatus(set: Stored<StatefulSet>, plan: StatefulSetPlan): Promise<void> {
    const next = { ...set.status, ...plan.status };
    if (JSON.stringify(next) === JSON.stringify(set.status)) return;
    await this.registry
      .patch(STATEFULSETS, set.metadata.namespace, set.metadata.name, 'merge', { status: next }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
