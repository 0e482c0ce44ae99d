// The ReplicaSet controller: keeps spec.replicas pods from the template, level-triggered.
import { findResource, Pod, ReplicaSet } from '@stevedore/api';
import { ApiObject, deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { podFromTemplate } from '../common/template';
import { EventRecorder } from '../runtime/events';
import { Expectations } from '../runtime/expectations';
import type { Informer } from '../runtime/informer';
import { controllerKey } from '../runtime/owner-key';
import { WorkQueue } from '../runtime/work-queue';
import { planReplicaSet } from './replicaset-plan';

const PODS = findResource('', 'pods')!;
const REPLICASETS = findResource('apps', 'replicasets')!;

export class ReplicaSetController {
  private readonly queue = new WorkQueue((key) => this.reconcile(key), 4);
  private readonly expectations = new Expectations();
  private readonly events: EventRecorder;

  constructor(private readonly registry: ObjectRegistry, private readonly replicaSets: Informer, private readonly pods: Informer) {
    this.events = new EventRecorder(registry, 'replicaset-controller');
    replicaSets.events.subscribe(({ object }) => this.queue.add(`${object.metadata.namespace}/${object.metadata.name}`));
    pods.events.subscribe(({ type, object }) => {
      const key = controllerKey(object, 'ReplicaSet');
      if (!key) return;
      if (type === 'ADDED') this.expectations.observedAdd(key);
      // A pod counts as deleted once it is terminating, as in Kubernetes.
      if (type === 'DELETED' || object.metadata.deletionTimestamp) this.expectations.observedDelete(key, object.metadata.uid);
      this.queue.add(key);
    });
    for (const rs of replicaSets.list()) this.queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<void | { requeueAfterMs: number }> {
    const [namespace, name] = key.split('/') as [string, string];
    const rs = this.replicaSets.get(namespace, name);
    if (!rs) return this.expectations.forget(key);
    if (!this.expectations.satisfied(key)) return { requeueAfterMs: 1000 };
    const pods = this.pods.list((p) => p.metadata.namespace === namespace) as unknown as Pod[];
    const plan = planReplicaSet(rs as unknown as ReplicaSet, pods, Date.now());
    if (plan.create || plan.delete.length) {
      this.expectations.expect(key, plan.create, plan.delete.map((p) => p.metadata.uid!));
      await Promise.all([
        ...Array.from({ length: plan.create }, () => this.createPod(key, rs)),
        ...plan.delete.map((p) => deleteObject(this.registry, PODS, namespace, p.metadata.name!).catch(() => this.expectations.observedDelete(key, p.metadata.uid!))),
      ]);
    }
    await this.writeStatus(rs, plan.status);
    // Availability depends on time (minReadySeconds): look again while pods are not all available.
    if (plan.status.availableReplicas < plan.status.replicas) return { requeueAfterMs: 2000 };
  }

  private async createPod(key: string, rs: ApiObject): Promise<void> {
    const pod = podFromTemplate(rs as never, rs.spec.template, 'apps/v1', 'ReplicaSet');
    try {
      const { object } = await this.registry.create(PODS, rs.metadata.namespace, pod);
      this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${object.metadata.name}`);
    } catch (err) {
      this.expectations.lowerAdds(key, 1);
      this.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
    }
  }

  private async writeStatus(rs: ApiObject, status: object): Promise<void> {
    const next = { ...rs.status, ...status };
    if (JSON.stringify(next) === JSON.stringify(rs.status)) return;
    await this.registry.patch(REPLICASETS, rs.metadata.namespace, rs.metadata.name, 'merge', { status: next }, { subresource: 'status' }).catch(() => undefined);
  }
}
