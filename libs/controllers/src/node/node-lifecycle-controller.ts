// Watches node leases: a node whose agent stops renewing past the grace period becomes
// Ready=Unknown with the unreachable NoExecute taint, its pods turn Ready=False, and they are
// evicted once their toleration runs out, so their controllers replace them elsewhere (unless
// most nodes vanished at once). A renewed lease undoes it; the agent then reports Ready again.
import { ignoring, isConflict, isNotFound, type Lease, nodes as NODES, type Node, pods as PODS, type Pod } from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { type Logger, logger } from '@stevedore/log';
import { EventRecorder } from '../runtime/events';
import type { Informer } from '../runtime/informer';
import {
  evictionsFrozen,
  evictionTime,
  hasUnreachableTaint,
  leaseFresh,
  readyStatus,
  syncedUnschedulableTaints,
  UNREACHABLE_TAINT,
} from './node-health';

const LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLifecycleOptions {
  /** Kubernetes waits 40-50 s; our transport detects loss faster (issue default 10 s). */
  gracePeriodSeconds: number;
  /** Eviction for pods without their own toleration (Kubernetes: 300 s). */
  evictionSeconds: number;
  monitorPeriodMs?: number;
}

export class NodeLifecycleController {
  private readonly timer: NodeJS.Timeout;
  private readonly events: EventRecorder;
  private busy = false;
  private frozen = false;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly nodes: Informer<Node>,
    private readonly leases: Informer<Lease>,
    private readonly pods: Informer<Pod>,
    private readonly options: NodeLifecycleOptions,
    private readonly log: Logger = logger('node-lifecycle-controller'),
  ) {
    this.events = new EventRecorder(registry, 'node-controller');
    this.timer = setInterval(() => void this.monitor(), options.monitorPeriodMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async monitor(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = Date.now();
      const health = this.nodes.list().map((node) => ({
        node,
        fresh: leaseFresh(this.leases.get(LEASE_NAMESPACE, node.metadata.name), now, this.options.gracePeriodSeconds * 1000),
      }));
      this.setFrozen(evictionsFrozen(health.filter((h) => !h.fresh).length, health.length));
      for (const { node, fresh } of health) {
        await this.syncUnschedulableTaint(node);
        if (!fresh && readyStatus(node) === 'True') await this.markUnreachable(node);
        else if (fresh && hasUnreachableTaint(node)) await this.markReachable(node);
        if (!fresh && hasUnreachableTaint(node) && !this.frozen) await this.evict(node, now);
      }
    } catch (err) {
      this.log.warn('node health check failed; trying again next tick', { err });
    } finally {
      this.busy = false;
    }
  }

  private setFrozen(frozen: boolean): void {
    if (frozen !== this.frozen) {
      if (frozen) this.log.warn('most nodes are unreachable: pod evictions paused');
      else this.log.info('enough nodes reachable again: pod evictions resumed');
    }
    this.frozen = frozen;
  }

  /** Kubernetes' TaintNodesByCondition for cordoned nodes (kubectl cordon/uncordon). */
  private async syncUnschedulableTaint(node: Stored<Node>): Promise<void> {
    const taints = syncedUnschedulableTaints(node, this.registry.timestamp());
    if (!taints) return;
    await this.registry.patch(NODES, undefined, node.metadata.name, 'merge', { spec: { taints: taints.length ? taints : null } });
  }

  private async markUnreachable(node: Stored<Node>): Promise<void> {
    const time = this.registry.timestamp();
    const conditions = (node.status?.conditions ?? []).map((c) =>
      c.type === 'Ready' || c.type.endsWith('Pressure')
        ? {
            ...c,
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Stevedore agent stopped posting node status.',
            lastTransitionTime: time,
          }
        : c,
    );
    await this.registry.patch(NODES, undefined, node.metadata.name, 'merge', { status: { conditions } }, { subresource: 'status' });
    const taints = [
      ...(node.spec?.taints ?? []).filter((t) => t.key !== UNREACHABLE_TAINT),
      { key: UNREACHABLE_TAINT, effect: 'NoExecute', timeAdded: time },
    ];
    await this.registry.patch(NODES, undefined, node.metadata.name, 'merge', { spec: { taints } });
    this.events.record(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    this.log.warn('node stopped renewing its lease: NotReady', { node: node.metadata.name });
    await this.markPodsNotReady(node, time);
  }

  /**
   * Nobody can vouch for these pods any more: Services and rollouts must stop counting on them.
   * Terminating pods too, as Kubernetes does: they stay until their node confirms the stop, which
   * an unreachable node cannot.
   */
  private async markPodsNotReady(node: Stored<Node>, time: string): Promise<void> {
    for (const pod of this.pods.list((p) => p.spec?.nodeName === node.metadata.name)) {
      const conditions = (pod.status?.conditions ?? []).map((c) =>
        c.type === 'Ready' && c.status !== 'False' ? { ...c, status: 'False', reason: 'NodeNotReady', lastTransitionTime: time } : c,
      );
      await this.registry
        .patch(PODS, pod.metadata.namespace, pod.metadata.name, 'merge', { status: { conditions } }, { subresource: 'status' })
        .catch((err) => this.log.warn('cannot mark pod not ready', { key: `${pod.metadata.namespace}/${pod.metadata.name}`, err }));
    }
  }

  private async markReachable(node: Stored<Node>): Promise<void> {
    const time = this.registry.timestamp();
    const conditions = (node.status?.conditions ?? []).map((c) =>
      c.type === 'Ready'
        ? { ...c, status: 'True', reason: 'KubeletReady', message: 'stevedore agent is posting ready status', lastTransitionTime: time }
        : c.type.endsWith('Pressure')
          ? { ...c, status: 'False', lastTransitionTime: time }
          : c,
    );
    await this.registry.patch(NODES, undefined, node.metadata.name, 'merge', { status: { conditions } }, { subresource: 'status' });
    const taints = (node.spec?.taints ?? []).filter((t) => t.key !== UNREACHABLE_TAINT);
    await this.registry.patch(NODES, undefined, node.metadata.name, 'merge', { spec: { taints: taints.length ? taints : null } });
    this.events.record(node, 'Normal', 'NodeReady', `Node ${node.metadata.name} status is now: NodeReady`);
    this.log.info('node renews its lease again: Ready', { node: node.metadata.name });
  }

  private async evict(node: Stored<Node>, now: number): Promise<void> {
    const taint = (node.spec?.taints ?? []).find((t) => t.key === UNREACHABLE_TAINT);
    const taintedAt = Date.parse(taint?.timeAdded ?? '') || now;
    for (const pod of this.pods.list((p) => p.spec?.nodeName === node.metadata.name && !p.metadata.deletionTimestamp)) {
      const at = evictionTime(pod, taintedAt, this.options.evictionSeconds);
      if (at === undefined || now < at) continue;
      // Gone or replaced (its uid no longer matches) since the cache saw it: nothing to evict.
      const evicted = await deleteObject(this.registry, PODS, pod.metadata.namespace, pod.metadata.name, {
        preconditions: { uid: pod.metadata.uid },
      })
        .catch(ignoring(isNotFound, isConflict))
        .catch((err) =>
          this.log.warn('cannot evict pod; tried again on the next pass', { key: `${pod.metadata.namespace}/${pod.metadata.name}`, err }),
        );
      if (!evicted) continue;
      this.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      this.log.debug('evicted pod from unreachable node', {
        key: `${pod.metadata.namespace}/${pod.metadata.name}`,
        node: node.metadata.name,
      });
    }
  }
}
