// Kubernetes' replica calculation for resource metrics (replica_calculator.go), as pure functions:
// desired = ceil(ready pods × current/target), unless the ratio is within the tolerance. Pods
// being deleted or failed are ignored; pending and not-yet-ready pods (CPU only) are left out,
// and counted as using nothing when the others ask for more; pods without metrics count as using
// nothing on a scale-up and their full request (or the target) on a scale-down. If filling those
// in would reverse the direction or shrink the change to within the tolerance, nothing changes.
import type { Pod } from '@stevedore/api';
import { milliValue } from '@stevedore/api';
import { podPhase } from '../common/pods';
import type { PodMetric } from './pod-metrics';

export interface CalculatorOptions {
  /** Ratios within 1 ± tolerance change nothing (--horizontal-pod-autoscaler-tolerance). */
  tolerance: number;
  /** CPU samples this soon after a pod started count only once taken a full window after it became ready. */
  cpuInitializationMs: number;
  /** A pod not ready this long after starting is taken as never ready yet. */
  initialReadinessDelayMs: number;
}

export const DEFAULT_CALCULATOR: CalculatorOptions = { tolerance: 0.1, cpuInitializationMs: 300_000, initialReadinessDelayMs: 30_000 };

export type Calculated = { replicas: number; utilization?: number; averageValue: number } | { error: string };

interface Groups {
  ready: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

function cpuUnready(pod: Pod, metric: PodMetric, now: number, options: CalculatorOptions): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
  if (!ready || started === undefined) return true;
  const transition = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : started;
  // Still starting up: a sample counts once a whole window was measured after the pod became ready.
  if (started + options.cpuInitializationMs > now) return ready.status === 'False' || metric.timestamp < transition + metric.windowMs;
  // Later, only a pod that has never been ready is left out.
  return ready.status === 'False' && started + options.initialReadinessDelayMs > transition;
}

export function groupPods(
  pods: readonly Pod[],
  metrics: ReadonlyMap<string, PodMetric>,
  resource: string,
  now: number,
  options: CalculatorOptions,
): Groups {
  const groups: Groups = { ready: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name!;
    const phase = podPhase(pod);
    if (pod.metadata.deletionTimestamp || phase === 'Failed') groups.ignored.add(name);
    else if (phase === 'Pending') groups.unready.add(name);
    else if (!metrics.has(name)) groups.missing.add(name);
    else if (resource === 'cpu' && cpuUnready(pod, metrics.get(name)!, now, options)) groups.unready.add(name);
    else groups.ready++;
  }
  return groups;
}

/** Each pod's request of `resource` in milli-units, summed over its containers (and sidecars), or why not. */
export function podRequests(pods: readonly Pod[], resource: string, container?: string): Map<string, number> | { error: string } {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
    let sum = 0;
    for (const c of [...pod.spec.containers, ...sidecars]) {
      if (container && c.name !== container) continue;
      const request = c.resources?.requests?.[resource];
      if (request === undefined) return { error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}` };
      sum += milliValue(request);
    }
    requests.set(pod.metadata.name!, sum);
  }
  return requests;
}

/** How a target turns pods' usage into a ratio of current to target. */
interface Measure {
  ratio(metrics: ReadonlyMap<string, number>): number;
  /** What a pod without metrics is taken to use on a scale-down. */
  missingOnScaleDown(pod: string): number;
}

/** The shared core of both calculations, on the usage of the ready pods that have metrics. */
function replicasFor(current: number, groups: Groups, usage: Map<string, number>, measure: Measure, tolerance: number): number {
  const ratio = measure.ratio(usage);
  const scaleUpWithUnready = groups.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= tolerance) return current;
    return Math.ceil(ratio * groups.ready);
  }
  for (const name of groups.missing) {
    if (ratio < 1) usage.set(name, measure.missingOnScaleDown(name));
    else if (ratio > 1) usage.set(name, 0);
  }
  if (scaleUpWithUnready) for (const name of groups.unready) usage.set(name, 0);
  const newRatio = measure.ratio(usage);
  const flipped = (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1);
  if (Math.abs(1 - newRatio) <= tolerance || flipped) return current;
  const replicas = Math.ceil(newRatio * usage.size);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return current;
  return replicas;
}

export interface ResourceInput {
  currentReplicas: number;
  resource: string;
  container?: string;
  pods: readonly Pod[];
  metrics: ReadonlyMap<string, PodMetric>;
  now: number;
  options: CalculatorOptions;
}

function usableUsage(input: ResourceInput, groups: Groups): Map<string, number> | { error: string } {
  const usage = new Map([...input.metrics].map(([name, m]) => [name, m.value]));
  for (const name of [...groups.ignored, ...groups.unready]) usage.delete(name);
  if (!usage.size) return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  return usage;
}

/** Utilization: usage as a percentage of the pods' requests, against a target percentage. */
export function utilizationReplicas(input: ResourceInput, targetUtilization: number): Calculated {
  if (!input.pods.length) return { error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(input.pods, input.metrics, input.resource, input.now, input.options);
  const usage = usableUsage(input, groups);
  if ('error' in usage) return usage;
  const requests = podRequests(input.pods, input.resource, input.container);
  if ('error' in requests) return requests;
  const utilizationOf = (values: ReadonlyMap<string, number>) => {
    let total = 0;
    let requested = 0;
    let counted = 0;
    for (const [name, value] of values) {
      const request = requests.get(name);
      if (request === undefined) continue;
      total += value;
      requested += request;
      counted++;
    }
    return requested === 0 ? undefined : { utilization: Math.trunc((total * 100) / requested), average: Math.trunc(total / counted) };
  };
  const measured = utilizationOf(usage);
  if (!measured) return { error: 'no metrics returned matched known pods' };
  const measure: Measure = {
    ratio: (values) => (utilizationOf(values)?.utilization ?? 0) / targetUtilization,
    missingOnScaleDown: (pod) => ((requests.get(pod) ?? 0) * Math.max(100, targetUtilization)) / 100,
  };
  const replicas = replicasFor(input.currentReplicas, groups, usage, measure, input.options.tolerance);
  return { replicas, utilization: measured.utilization, averageValue: measured.average };
}

/** Average value: each pod's usage in milli-units against a per-pod target. */
export function averageValueReplicas(input: ResourceInput, targetMilli: number): Calculated {
  if (!input.pods.length) return { error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(input.pods, input.metrics, input.resource, input.now, input.options);
  const usage = usableUsage(input, groups);
  if ('error' in usage) return usage;
  const average = (values: ReadonlyMap<string, number>) => Math.trunc([...values.values()].reduce((a, b) => a + b, 0) / values.size);
  const measure: Measure = { ratio: (values) => average(values) / targetMilli, missingOnScaleDown: () => targetMilli };
  const averageValue = average(usage);
  const replicas = replicasFor(input.currentReplicas, groups, usage, measure, input.options.tolerance);
  return { replicas, averageValue };
}
