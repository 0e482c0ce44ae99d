// The control plane's metrics, with the names Kubernetes components use where one exists
// (apiserver_*, etcd_*, scheduler_*, workqueue_*), so existing dashboards and alerts apply.
// Counters and histograms are fed as things happen; gauges of cluster state (pods by phase,
// nodes by condition, queue depth, pending pods) are read from the caches at scrape time, except
// each node's conditions, which are formatted when the node changes (thousands of nodes).
import {
  Counter,
  exposition,
  FAST_SECONDS,
  Gauge,
  type GaugeSeries,
  Histogram,
  newRegistry,
  PerObjectGauge,
  REQUEST_SECONDS,
  type Registry,
} from '@stevedore/metrics';
import type { RequestLabels } from './request-info';

const REQUEST_LABELS = ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component', 'code'] as const;

export class ControlPlaneMetrics {
  readonly registry: Registry;
  readonly requests: Counter<(typeof REQUEST_LABELS)[number]>;
  readonly requestSeconds: Histogram<'verb' | 'group' | 'version' | 'resource' | 'subresource' | 'scope' | 'component'>;
  readonly longRunning: Gauge<'verb' | 'group' | 'version' | 'resource' | 'subresource' | 'scope' | 'component'>;
  readonly storeSeconds: Histogram<'operation' | 'type'>;
  readonly storeErrors: Counter<'operation' | 'type'>;
  readonly storeWatches: Gauge<'type'>;
  readonly scheduleAttempts: Counter<'result' | 'profile'>;
  readonly scheduleSeconds: Histogram<'result' | 'profile'>;
  readonly reconciles: Counter<'controller' | 'result'>;
  readonly reconcileSeconds: Histogram<'controller'>;
  private readonly perObject: { exposition(): string }[] = [];

  constructor(opts: { processMetrics?: boolean } = {}) {
    const registry = newRegistry({ processMetrics: opts.processMetrics ?? true });
    this.registry = registry;
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'API requests by verb, group, version, resource, scope, component and HTTP response code.',
      labelNames: REQUEST_LABELS,
      registers: [registry],
    });
    this.requestSeconds = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Latency of API requests (watches and other long-running requests excluded).',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      buckets: REQUEST_SECONDS,
      registers: [registry],
    });
    this.longRunning = new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Open long-running requests (watches, exec, log follows).',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      registers: [registry],
    });
    this.storeSeconds = new Histogram({
      name: 'etcd_request_duration_seconds',
      help: 'Latency of storage operations by operation and object type.',
      labelNames: ['operation', 'type'],
      buckets: FAST_SECONDS,
      registers: [registry],
    });
    this.storeErrors = new Counter({
      name: 'etcd_request_errors_total',
      help: 'Storage operations that failed for a reason other than a conflict or a missing key.',
      labelNames: ['operation', 'type'],
      registers: [registry],
    });
    this.storeWatches = new Gauge({
      name: 'stevedore_store_watches',
      help: 'Open storage watches by object type.',
      labelNames: ['type'],
      registers: [registry],
    });
    this.scheduleAttempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Scheduling attempts by result (scheduled, unschedulable, error).',
      labelNames: ['result', 'profile'],
      registers: [registry],
    });
    this.scheduleSeconds = new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency: the decision plus the bind.',
      labelNames: ['result', 'profile'],
      buckets: FAST_SECONDS,
      registers: [registry],
    });
    this.reconciles = new Counter({
      name: 'stevedore_controller_reconcile_total',
      help: 'Controller reconciles by controller and result (success, error).',
      labelNames: ['controller', 'result'],
      registers: [registry],
    });
    this.reconcileSeconds = new Histogram({
      name: 'stevedore_controller_reconcile_duration_seconds',
      help: 'Time a controller spends on one reconcile.',
      labelNames: ['controller'],
      buckets: FAST_SECONDS,
      registers: [registry],
    });
  }

  /** Counts a finished request and, unless it was long-running, its latency. */
  requestDone(labels: RequestLabels, code: number, seconds: number | undefined): void {
    const base = { ...labels, component: 'apiserver' };
    this.requests.inc({ ...base, code: String(code) });
    if (seconds !== undefined) this.requestSeconds.observe(base, seconds);
  }

  /** Everything, in the Prometheus text format. */
  async exposition(): Promise<string> {
    return (await exposition(this.registry)) + this.perObject.map((family) => family.exposition()).join('');
  }

  /** A family with series for each of many objects (nodes), formatted when an object changes rather than at every scrape. */
  perObjectGauge<T>(name: string, help: string, series: (object: T) => GaugeSeries[]): PerObjectGauge<T> {
    const family = new PerObjectGauge(name, help, series);
    this.perObject.push(family);
    return family;
  }

  /** Gauges whose value is read from somewhere else whenever Prometheus scrapes. */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (set: (labels: Partial<Record<L, string>>, value: number) => void) => void,
  ): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        read((labels, value) => this.set(labels as Record<L, string>, value));
      },
    });
  }
}
