// Connects the control plane's moving parts to its metrics: the scheduler's attempts, each
// controller's work queue, and gauges of cluster state read from the informer caches.
import type { ApiObject } from '@stevedore/apiserver';
import { type Informer, type SchedulerLoop, WorkQueue } from '@stevedore/controllers';
import type { GaugeSeries } from '@stevedore/metrics';
import type { ControlPlaneMetrics } from './control-plane-metrics';

/** The scheduler and controllers are this control plane's while it leads: fields the caller replaces each term. */
export interface ObservedParts {
  pods: Informer;
  nodes: Informer;
  scheduler?: SchedulerLoop;
  controllers: object[];
}

/** "ReplicaSetController" → "replicaset", the names kube-controller-manager's queues have. */
export function controllerName(controller: object): string {
  return controller.constructor.name.replace(/Controller$|Loop$/, '').toLowerCase();
}

function queuesOf(controllers: object[]): { name: string; queue: WorkQueue }[] {
  return controllers.flatMap((controller) => {
    const queue = (controller as { queue?: unknown }).queue;
    return queue instanceof WorkQueue ? [{ name: controllerName(controller), queue }] : [];
  });
}

/** Hooks one leadership term's scheduler and controllers to the counters; called again for each new term. */
export function observeSingletons(metrics: ControlPlaneMetrics, parts: Pick<ObservedParts, 'scheduler' | 'controllers'>): void {
  const scheduler = parts.scheduler;
  if (scheduler) {
    scheduler.onAttempt = (result, seconds) => {
      metrics.scheduleAttempts.inc({ result, profile: scheduler.schedulerName });
      metrics.scheduleSeconds.observe({ result, profile: scheduler.schedulerName }, seconds);
    };
  }
  for (const { name, queue } of queuesOf(parts.controllers)) {
    queue.observer = {
      reconciled(seconds, ok) {
        metrics.reconciles.inc({ controller: name, result: ok ? 'success' : 'error' });
        metrics.reconcileSeconds.observe({ controller: name }, seconds);
      },
    };
  }
}

export function observeCluster(metrics: ControlPlaneMetrics, parts: ObservedParts): void {
  observeSingletons(metrics, parts);
  metrics.gauge('workqueue_depth', "Keys waiting in each controller's work queue.", ['name'], (set) => {
    for (const { name, queue } of queuesOf(parts.controllers)) set({ name }, queue.depth);
  });
  metrics.gauge('scheduler_pending_pods', 'Pods waiting to be scheduled, by queue (active, unschedulable).', ['queue'], (set) => {
    const pending = parts.scheduler?.pendingByQueue ?? { active: 0, unschedulable: 0 };
    set({ queue: 'active' }, pending.active);
    set({ queue: 'unschedulable' }, pending.unschedulable);
  });
  metrics.gauge('stevedore_pods', 'Pods by namespace and phase.', ['namespace', 'phase'], (set) => {
    for (const [key, count] of countBy(parts.pods.list(), (p) => `${p.metadata.namespace}\u0000${p.status?.phase ?? 'Pending'}`)) {
      const [namespace, phase] = key.split('\u0000') as [string, string];
      set({ namespace, phase }, count);
    }
  });
  metrics.gauge('stevedore_nodes', 'Nodes by condition type and status (True, False, Unknown).', ['condition', 'status'], (set) => {
    const conditions = parts.nodes.list().flatMap((n) => (n.status?.conditions ?? []) as { type: string; status: string }[]);
    for (const [key, count] of countBy(conditions, (c) => `${c.type}\u0000${c.status}`)) {
      const [condition, status] = key.split('\u0000') as [string, string];
      set({ condition, status }, count);
    }
  });
  const conditions = metrics.perObjectGauge(
    'kube_node_status_condition',
    'The condition of each node: 1 for the status it has, 0 for the others.',
    nodeConditions,
  );
  for (const node of parts.nodes.list()) conditions.set(node.metadata.name, node);
  parts.nodes.events.subscribe(({ type, object }) =>
    type === 'DELETED' ? conditions.delete(object.metadata.name) : conditions.set(object.metadata.name, object),
  );
}

function nodeConditions(node: ApiObject): GaugeSeries[] {
  return ((node.status?.conditions ?? []) as { type: string; status: string }[]).flatMap((c) =>
    ['True', 'False', 'Unknown'].map((status) => ({
      labels: { node: node.metadata.name, condition: c.type, status: status.toLowerCase() },
      value: c.status === status ? 1 : 0,
    })),
  );
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
