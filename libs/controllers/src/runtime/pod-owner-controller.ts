// The shared loop of controllers that own pods directly (ReplicaSet, Job, DaemonSet): a pure
// plan decides which pods to create and delete and what status to report; this applies it
// with expectations, so a stale cache never creates twice, and records events.
import { ignoring, isNotFound, type KubeObject, pods as PODS, type Pod, type ResourceStrategy } from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { EventRecorder } from './events';
import { Expectations } from './expectations';
import type { Informer } from './informer';
import { controllerKey } from './owner-key';
import { WorkQueue } from './work-queue';

export interface PodPlan {
  create: Pod[];
  delete: Pod[];
  status: object;
  /** Look again after this long even without news (time-based availability, deadlines). */
  requeueAfterMs?: number;
  /** Events about the owner, recorded once its status is written. */
  events?: { type: 'Normal' | 'Warning'; reason: string; message: string }[];
}

/** A kind whose objects own pods directly; the plan's status is merged into theirs. */
export type PodOwner = KubeObject & { status?: object };

export interface PodOwnerKind<T extends PodOwner> {
  resource: ResourceStrategy<T>;
  component: string;
  plan(owner: Stored<T>, pods: Pod[], now: number): PodPlan;
  /** Brings what the owner keeps besides pods (a DaemonSet's ControllerRevisions) up to date, before its pods are planned. */
  sync?(owner: Stored<T>, pods: Pod[]): Promise<void>;
}

export class PodOwnerController<T extends PodOwner> {
  readonly queue: WorkQueue;
  private readonly expectations = new Expectations();
  private readonly events: EventRecorder;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly kind: PodOwnerKind<T>,
    private readonly owners: Informer<T>,
    private readonly pods: Informer<Pod>,
    extraTriggers: Informer<KubeObject>[] = [],
  ) {
    this.events = new EventRecorder(registry, kind.component);
    this.queue = new WorkQueue((key) => this.reconcile(key), logger(kind.component), 4);
    owners.events.subscribe(({ object }) => this.queue.add(`${object.metadata.namespace}/${object.metadata.name}`));
    pods.events.subscribe(({ type, object }) => {
      const key = controllerKey(object, kind.resource.kind);
      if (!key) return;
      if (type === 'ADDED') this.expectations.observedAdd(key);
      // A pod counts as deleted once it is terminating, as in Kubernetes.
      if (type === 'DELETED' || object.metadata.deletionTimestamp) this.expectations.observedDelete(key, object.metadata.uid);
      this.queue.add(key);
    });
    // e.g. nodes joining or leaving, for DaemonSets: every owner looks again.
    for (const informer of extraTriggers) informer.events.subscribe(() => this.enqueueAll());
    this.enqueueAll();
  }

  stop(): void {
    this.queue.stop();
  }

  private enqueueAll(): void {
    for (const o of this.owners.list()) this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
  }

  private async reconcile(key: string): Promise<void | { requeueAfterMs: number }> {
    const [namespace, name] = key.split('/') as [string, string];
    const owner = this.owners.get(namespace, name);
    if (!owner) return this.expectations.forget(key);
    if (!this.expectations.satisfied(key)) return { requeueAfterMs: 1000 };
    const pods = this.pods.controlledBy(owner.metadata.uid);
    await this.kind.sync?.(owner, pods);
    const plan = this.kind.plan(owner, pods, Date.now());
    if (plan.create.length || plan.delete.length) {
      this.expectations.expect(
        key,
        plan.create.length,
        plan.delete.map((p) => p.metadata.uid!),
      );
      await Promise.all([
        ...plan.create.map((pod) => this.createPod(key, owner, pod)),
        ...plan.delete.map((p) => this.deletePod(key, owner, p)),
      ]);
    }
    await this.writeStatus(owner, plan.status);
    for (const e of plan.events ?? []) this.events.record(owner, e.type, e.reason, e.message);
    if (plan.requeueAfterMs) return { requeueAfterMs: plan.requeueAfterMs };
  }

  private async createPod(key: string, owner: Stored<T>, pod: Pod): Promise<void> {
    try {
      const { object } = await this.registry.create(PODS, owner.metadata.namespace, pod);
      this.events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${object.metadata.name}`);
    } catch (err) {
      this.expectations.lowerAdds(key, 1);
      this.events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
    }
  }

  private async deletePod(key: string, owner: Stored<T>, pod: Pod): Promise<void> {
    try {
      await deleteObject(this.registry, PODS, pod.metadata.namespace, pod.metadata.name!);
      this.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      // The delete's watch event will not come: stop expecting it, so the next sync decides again.
      this.expectations.observedDelete(key, pod.metadata.uid!);
      if (!isNotFound(err)) throw err;
    }
  }

  private async writeStatus(owner: Stored<T>, status: object): Promise<void> {
    const next = { ...owner.status, ...status };
    if (JSON.stringify(next) === JSON.stringify(owner.status)) return;
    // A deleted owner needs no status; any other failure fails the sync, which is logged and retried.
    await this.registry
      .patch(this.kind.resource, owner.metadata.namespace, owner.metadata.name, 'merge', { status: next }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
