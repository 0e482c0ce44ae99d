// The scheduler as a controller: unbound pods are queued, decided one at a time against an
// in-memory cluster state (pure plugins), assumed at once and bound asynchronously so the
// next decision does not wait for etcd. Unschedulable pods wait until the cluster changes.
import {
  ignoring,
  isNotFound,
  isSchedulingGated,
  type Namespace,
  type Node,
  pods as PODS,
  type Pod,
  type PodDisruptionBudget,
} from '@stevedore/api';
import { type ObjectRegistry, type Stored, upsertCondition } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import {
  awaitingVictims,
  ClusterState,
  DEFAULT_PLUGINS,
  findPreemption,
  type PluginSet,
  type Preemption,
  Scheduler,
} from '@stevedore/scheduler';
import { EventRecorder } from '../runtime/events';
import type { Informer, InformerEvent } from '../runtime/informer';
import { cacheKey } from '../runtime/informer';
import { bind } from './bind';
import { preempt } from './preempt';
import { SchedulingQueue } from './scheduling-queue';
import type { VolumeScheduling } from './volume-scheduling';

/**
 * Binds wait in the store's transaction batcher, so throughput is roughly this over a bind's
 * latency under load: 64 held 1,000 hollow nodes / 10,000 pods at 441 bound/s, 256 at 480.
 */
const MAX_BINDS_IN_FLIGHT = 256;
const RETRY_UNSCHEDULABLE_MS = 15_000;

export interface SchedulerLoopOptions {
  /** The cluster's PodDisruptionBudgets, which preemption breaks only when nothing else makes room; none when absent. */
  budgets?: Informer<PodDisruptionBudget>;
  /** The pods this loop schedules: those whose spec.schedulerName is this. */
  schedulerName?: string;
  /** Storage-aware placement (claims and volumes); pods with claims wait forever without it. */
  volumes?: VolumeScheduling;
  /** Namespace labels, for pod affinity terms with a namespaceSelector; such selectors match no labelled namespace without it. */
  namespaces?: Informer<Namespace>;
}

export class SchedulerLoop {
  private readonly state = new ClusterState();
  private readonly scheduler: Scheduler;
  /** Also what preemption checks: evicting pods from a node the pod's volumes rule out would free nothing it can use. */
  private readonly plugins: PluginSet;
  /** Pods waiting for a decision: higher priority first, then the longest queued. */
  private readonly active = new SchedulingQueue();
  private readonly unschedulable = new Set<string>();
  /**
   * The FailedScheduling message last written for each pending pod. Kept across retries, which
   * empty `unschedulable`: a retry that fails the same way writes nothing. (It used to patch the
   * pod and record an event on every retry, and every pod deletion retries them all: with 60
   * preemptors waiting, each victim's deletion cost 60 patches, which then raced the nodes'
   * status reports into conflicts.)
   */
  private readonly reported = new Map<string, string>();
  /** The last preemption each unschedulable pod made, so it waits for those victims instead of choosing more. */
  private readonly preemptions = new Map<string, Preemption>();
  private readonly events: EventRecorder;
  private readonly log = logger('scheduler');
  private inFlight = 0;
  private retryPending?: NodeJS.Timeout;
  private draining = false;
  /** A stopped loop (its leadership term over) decides nothing more, whatever events still come. */
  private stopped = false;
  /** Where the next preemption starts looking, so that successive ones spread over the nodes. */
  private preemptionStart = 0;
  readonly schedulerName: string;
  private readonly budgets?: Informer<PodDisruptionBudget>;
  private readonly volumes?: VolumeScheduling;
  private readonly retryTimer: NodeJS.Timeout;
  readonly stats = { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0 };
  /** Told the result and duration (decision plus bind) of every attempt; set for metrics. */
  onAttempt?: (result: 'scheduled' | 'unschedulable' | 'error', seconds: number) => void;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly pods: Informer<Pod>,
    nodes: Informer<Node>,
    options: SchedulerLoopOptions = {},
  ) {
    this.schedulerName = options.schedulerName ?? 'default-scheduler';
    this.budgets = options.budgets;
    this.volumes = options.volumes;
    const volumes = options.volumes;
    this.plugins = volumes ? { filters: [...DEFAULT_PLUGINS.filters, volumes.plugin], scores: DEFAULT_PLUGINS.scores } : DEFAULT_PLUGINS;
    this.scheduler = new Scheduler(this.plugins);
    volumes?.changes$.subscribe(() => this.retrySoon());
    this.events = new EventRecorder(registry, this.schedulerName);
    const namespaces = options.namespaces;
    if (namespaces) this.state.namespaceLabels = (name) => namespaces.get(undefined, name)?.metadata.labels;
    for (const node of nodes.list()) this.state.upsertNode(node);
    for (const pod of pods.list()) this.onPod({ type: 'ADDED', object: pod });
    nodes.events.subscribe((e) => this.onNode(e));
    pods.events.subscribe((e) => this.onPod(e));
    this.retryTimer = setInterval(() => this.retryUnschedulable(), RETRY_UNSCHEDULABLE_MS);
    this.retryTimer.unref();
  }

  get pending(): number {
    return this.active.size + this.unschedulable.size;
  }

  get pendingByQueue(): { active: number; unschedulable: number } {
    return { active: this.active.size, unschedulable: this.unschedulable.size };
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.retryTimer);
    if (this.retryPending) clearTimeout(this.retryPending);
  }

  private onNode({ type, object }: InformerEvent<Node>): void {
    if (this.stopped) return;
    if (type === 'DELETED') this.state.removeNode(object.metadata.name);
    else this.state.upsertNode(object);
    this.retryUnschedulable();
  }

  private onPod({ type, object }: InformerEvent<Pod>): void {
    // A stopped loop never drains its queue again: queuing would only grow it.
    if (this.stopped) return;
    const key = cacheKey(object);
    if (type === 'DELETED') {
      this.state.removePod(object);
      this.unschedulable.delete(key);
      this.reported.delete(key);
      this.forgetPreemption(object);
      this.retryUnschedulable();
      return;
    }
    if (object.spec?.nodeName) {
      this.state.upsertPod(object);
      this.unschedulable.delete(key);
      this.reported.delete(key);
      this.forgetPreemption(object);
      return;
    }
    if (!this.wants(object) || this.unschedulable.has(key)) return;
    // A gated pod waits unqueued; removing its last gate is an update that brings it here again.
    if (isSchedulingGated(object)) void this.markGated(object);
    else this.enqueue(key, object);
  }

  private wants(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return (
      !pod.metadata.deletionTimestamp &&
      phase !== 'Succeeded' &&
      phase !== 'Failed' &&
      (pod.spec?.schedulerName ?? 'default-scheduler') === this.schedulerName
    );
  }

  private enqueue(key: string, pod: Pod | undefined = this.podOf(key)): void {
    this.active.add(key, pod?.spec?.priority ?? 0);
    this.drain();
  }

  private podOf(key: string): Stored<Pod> | undefined {
    const [namespace, name] = key.split('/') as [string, string];
    return this.pods.get(namespace, name);
  }

  /** Storage changes come in bursts (a bind writes the claim and the volume): one retry per burst. */
  private retrySoon(): void {
    if (this.retryPending || !this.unschedulable.size) return;
    this.retryPending = setTimeout(() => {
      this.retryPending = undefined;
      this.retryUnschedulable();
    }, 100);
    this.retryPending.unref();
  }

  private retryUnschedulable(): void {
    const keys = [...this.unschedulable];
    this.unschedulable.clear();
    for (const key of keys) this.enqueue(key);
  }

  /** Decides synchronously, pod after pod; only the bind writes are asynchronous. */
  private drain(): void {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      while (this.active.size && this.inFlight < MAX_BINDS_IN_FLIGHT) {
        const key = this.active.pop()!;
        const pod = this.podOf(key);
        if (pod && !pod.spec?.nodeName && this.wants(pod)) this.scheduleOne(key, pod);
      }
    } finally {
      this.draining = false;
    }
  }

  private scheduleOne(key: string, pod: Stored<Pod>): void {
    this.stats.attempts++;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const result = this.scheduler.schedule(pod, this.state);
    if (result.outcome === 'Unschedulable') {
      this.stats.unschedulable++;
      this.onAttempt?.('unschedulable', seconds());
      this.unschedulable.add(key);
      if (this.reported.get(key) !== result.message) {
        this.reported.set(key, result.message);
        this.log.debug('pod unschedulable', { key, reason: result.message });
        void this.markUnschedulable(pod, result.message);
      }
      this.tryPreemption(key, pod);
      return;
    }
    this.state.assume(pod, result.nodeName);
    // Assumed where it goes, the pod no longer needs the room it was nominated to.
    this.state.clearNomination(pod);
    this.inFlight++;
    (this.volumes ? this.volumes.prebind(pod, result.nodeName) : Promise.resolve())
      .then(() => bind(this.registry, pod, result.nodeName))
      .then(
        () => {
          this.stats.scheduled++;
          this.onAttempt?.('scheduled', seconds());
          this.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${result.nodeName}`);
        },
        (err) => {
          this.stats.errors++;
          this.onAttempt?.('error', seconds());
          this.log.debug('bind failed; the pod is tried again', { key, node: result.nodeName, err });
          this.state.removePod(pod);
          const current = this.pods.get(pod.metadata.namespace, pod.metadata.name);
          if (current && !current.spec?.nodeName) setTimeout(() => this.enqueue(key), 1000).unref();
        },
      )
      .finally(() => {
        this.inFlight--;
        this.drain();
      });
  }

  /** Makes room for a pod that fits nowhere by evicting lower-priority pods, unless its last victims are still leaving. */
  private tryPreemption(key: string, pod: Stored<Pod>): void {
    if (awaitingVictims(this.preemptions.get(key), this.state)) return;
    const budgets = this.budgets?.list() ?? [];
    const plan = findPreemption(pod, this.state, { budgets, plugins: this.plugins, startAt: this.preemptionStart++ });
    if (!plan) return;
    this.preemptions.set(key, plan);
    this.state.nominate(pod, plan.nodeName);
    const victims = plan.victims.map((v) => v.metadata.name);
    this.log.info('preempting', { key, node: plan.nodeName, victims, budgetViolations: plan.budgetViolations });
    void preempt(this.registry, this.events, this.log, pod, plan);
  }

  private forgetPreemption(pod: Stored<Pod>): void {
    this.preemptions.delete(cacheKey(pod));
    this.state.clearNomination(pod);
  }

  private async markUnschedulable(pod: Stored<Pod>, message: string): Promise<void> {
    this.events.record(pod, 'Warning', 'FailedScheduling', message);
    await this.setScheduledCondition(pod, 'Unschedulable', message);
  }

  /** kube-scheduler's SchedulingGated condition, written once: kubectl shows the pod as SchedulingGated. */
  private async markGated(pod: Stored<Pod>): Promise<void> {
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (current?.reason === 'SchedulingGated') return;
    await this.setScheduledCondition(pod, 'SchedulingGated', 'Scheduling is blocked due to non-empty scheduling gates');
  }

  private async setScheduledCondition(pod: Stored<Pod>, reason: string, message: string): Promise<void> {
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null,
      lastTransitionTime: this.registry.timestamp(),
    };
    await this.registry
      .patch(
        PODS,
        pod.metadata.namespace,
        pod.metadata.name,
        'merge',
        { status: { conditions: upsertCondition(pod.status?.conditions, condition) } },
        { subresource: 'status' },
      )
      .catch(ignoring(isNotFound))
      // Only the condition kubectl describe shows is lost; the pod is tried again when the cluster changes.
      .catch((err) =>
        this.log.warn(`cannot set the pod's ${reason} condition`, { key: `${pod.metadata.namespace}/${pod.metadata.name}`, err }),
      );
  }
}
