// metrics.k8s.io PodMetrics as the HPA controller reads them, and the per-pod sums it works on.
// Usage is summed in milli-units, as Kubernetes' metrics client does (MilliValue): millicores for
// CPU, thousandths of a byte for memory, so requests and usage compare in one unit.
import { milliValue } from '@stevedore/api';

/** One pod's measured usage, as metrics.k8s.io/v1beta1 serves it. */
export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  /** RFC 3339: the end of the measuring window. */
  timestamp: string;
  /** A duration such as `10s`. */
  window: string;
  containers: { name: string; usage: Record<string, string> }[];
}

/** Where the controller reads pod metrics: the built-in metrics API. Rejects when it cannot be read at all. */
export interface PodMetricsSource {
  podMetrics(query: { namespace: string; labelSelector: string }): Promise<PodMetrics[]>;
}

/** One pod's usage of one resource in milli-units, and when and over how long it was measured. */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

function windowMs(window: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(window);
  if (!m) return 0;
  const unit = m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000;
  return Number(m[1]) * unit;
}

/**
 * Each pod's usage of `resource` by pod name, summed over its containers (or the one named): a pod
 * with a container missing the resource is left out, as upstream leaves it out.
 */
export function resourceMetrics(
  items: readonly PodMetrics[],
  resource: string,
  container?: string,
): { metrics: Map<string, PodMetric>; timestamp: number } | { error: string } {
  if (!items.length) return { error: 'no metrics returned from resource metrics API' };
  const metrics = new Map<string, PodMetric>();
  for (const item of items) {
    const containers = container ? item.containers.filter((c) => c.name === container) : item.containers;
    const usages = containers.map((c) => c.usage[resource]);
    if (!usages.length || usages.some((u) => u === undefined)) continue;
    const value = usages.reduce((sum, u) => sum + milliValue(u!), 0);
    metrics.set(item.metadata.name, { value, timestamp: Date.parse(item.timestamp), windowMs: windowMs(item.window) });
  }
  return { metrics, timestamp: Date.parse(items[0]!.timestamp) };
}
