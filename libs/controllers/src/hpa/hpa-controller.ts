// The horizontal-pod-autoscaler controller: every sync period (and whenever an autoscaler's spec
// changes) it reads the target's scale, the pods' metrics from the metrics API, applies
// planAutoscaler, sets the target's replicas through its scale subresource and writes the status.
// What upstream remembers between syncs (recommendations, recent rescales) lives here, per key.
import {
  type AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler,
  horizontalPodAutoscalers as HPAS,
  ignoring,
  isNotFound,
  type Pod,
} from '@stevedore/api';
import { labelSelector, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { EventRecorder } from '../runtime/events';
import { cacheKey, type Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import {
  type AutoscalerOptions,
  type AutoscalerPlan,
  DEFAULT_AUTOSCALER_OPTIONS,
  planAutoscaler,
  rescaled,
  rescaleFailed,
} from './hpa-plan';
import type { PodMetrics, PodMetricsSource } from './pod-metrics';
import { readScale, writeReplicas } from './scale-target';
import { EMPTY_HISTORY, type ScalingHistory } from './scaling-behavior';

export interface HpaControllerOptions extends AutoscalerOptions {
  /** How often each autoscaler is synced (--horizontal-pod-autoscaler-sync-period). */
  syncPeriodMs: number;
}

export const DEFAULT_HPA_CONTROLLER_OPTIONS: HpaControllerOptions = { ...DEFAULT_AUTOSCALER_OPTIONS, syncPeriodMs: 15_000 };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class HorizontalPodAutoscalerController {
  private readonly log = logger('horizontal-pod-autoscaler');
  readonly queue = new WorkQueue((key) => this.reconcile(key), this.log, 4);
  private readonly events: EventRecorder;
  private readonly histories = new Map<string, ScalingHistory>();
  /** One pending sync per autoscaler: a status write (an informer event) never starts a second chain. */
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly hpas: Informer<HorizontalPodAutoscaler>,
    private readonly pods: Informer<Pod>,
    private readonly metrics: PodMetricsSource,
    private readonly options: HpaControllerOptions = DEFAULT_HPA_CONTROLLER_OPTIONS,
  ) {
    this.events = new EventRecorder(registry, 'horizontal-pod-autoscaler');
    hpas.events.subscribe(({ type, object, old }) => {
      const key = cacheKey(object);
      if (type === 'DELETED') this.forget(key);
      // Our own status writes change no generation: the sync period covers them.
      else if (old?.metadata.generation !== object.metadata.generation) this.queue.add(key);
    });
    for (const hpa of hpas.list()) this.queue.add(cacheKey(hpa));
  }

  stop(): void {
    this.queue.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.histories.delete(key);
  }

  private scheduleNext(key: string): void {
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.queue.add(key);
    }, this.options.syncPeriodMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const hpa = this.hpas.get(namespace, name);
    if (!hpa) return this.forget(key);
    this.scheduleNext(key);
    const now = Date.now();
    const scale = await readScale(this.registry, namespace, hpa.spec.scaleTargetRef).catch((err) => ({ error: message(err) }));
    const selected = 'error' in scale || !scale.selector ? undefined : scale.selector;
    const wanted = selected === undefined ? () => false : labelSelector(selected);
    const pods = this.pods.list((p) => p.metadata.namespace === namespace && wanted(p));
    const podMetrics = selected === undefined ? [] : await this.podMetrics(namespace, selected);
    const history = this.histories.get(key) ?? EMPTY_HISTORY;
    let plan = planAutoscaler(hpa, { scale, pods, podMetrics, history, now }, this.options);
    if (plan.rescale) plan = await this.rescale(hpa, plan, now);
    this.histories.set(key, plan.history);
    for (const e of plan.events) this.events.record(hpa, e.type, e.reason, e.message);
    if (plan.error) this.log.debug('autoscaler not fully computed', { key, err: plan.error });
    await this.writeStatus(hpa, plan);
  }

  private podMetrics(namespace: string, selector: string): Promise<PodMetrics[] | { error: string }> {
    return this.metrics.podMetrics({ namespace, labelSelector: selector }).catch((err) => ({ error: message(err) }));
  }

  private async rescale(hpa: Stored<HorizontalPodAutoscaler>, plan: AutoscalerPlan, now: number): Promise<AutoscalerPlan> {
    const { replicas } = plan.rescale!;
    try {
      await writeReplicas(this.registry, hpa.metadata.namespace!, hpa.spec.scaleTargetRef, replicas);
      return { ...plan, history: rescaled(hpa, plan, now) };
    } catch (err) {
      this.log.warn('cannot rescale the target', { key: cacheKey(hpa), replicas, err });
      return rescaleFailed(hpa, plan, message(err), now);
    }
  }

  private async writeStatus(hpa: Stored<HorizontalPodAutoscaler>, plan: AutoscalerPlan): Promise<void> {
    if (JSON.stringify(plan.status) === JSON.stringify(hpa.status ?? {})) return;
    // A merge patch: fields the new status leaves out are removed with null.
    const patch = { ...plan.status, currentMetrics: plan.status.currentMetrics ?? null, lastScaleTime: plan.status.lastScaleTime ?? null };
    await this.registry
      .patch(HPAS, hpa.metadata.namespace, hpa.metadata.name, 'merge', { status: patch }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
