// One replica proposal per metric of the autoscaler (horizontal.go's computeReplicasForMetrics):
// the largest proposal wins; a metric that cannot be computed is reported, and stops the sync
// when every metric failed or when the ones left would scale down.
import type { MetricSpec, MetricStatus, Pod } from '@stevedore/api';
import { milliValue } from '@stevedore/api';
import type { Conditions } from './hpa-conditions';
import { type PodMetrics, resourceMetrics } from './pod-metrics';
import { averageValueReplicas, type Calculated, type CalculatorOptions, utilizationReplicas } from './replica-calculator';

export interface HpaEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface MetricInputs {
  currentReplicas: number;
  selector: string;
  pods: readonly Pod[];
  podMetrics: readonly PodMetrics[] | { error: string };
  now: number;
  options: CalculatorOptions;
}

type Proposal = { replicas: number; metric: string; status: MetricStatus } | { error: string; reason: string };

/** A milli-unit amount as Kubernetes prints a DecimalSI quantity: `250m`, `12`, `3k`, `64M`. */
export function milliQuantity(milli: number): string {
  if (milli % 1000 !== 0) return `${milli}m`;
  let value = milli / 1000;
  let suffix = '';
  for (const next of ['k', 'M', 'G', 'T', 'P', 'E']) {
    if (value === 0 || value % 1000 !== 0) break;
    value /= 1000;
    suffix = next;
  }
  return `${value}${suffix}`;
}

/** Resource and ContainerResource metrics, from the metrics API's pod metrics. */
function resourceProposal(spec: MetricSpec, inputs: MetricInputs): Proposal {
  const source = spec.resource ?? spec.containerResource!;
  const container = spec.containerResource?.container;
  const kind = container ? 'ContainerResource' : 'Resource';
  const reason = `FailedGet${kind}Metric`;
  const { name, target } = source;
  const what = target.averageValue !== undefined ? 'usage' : 'utilization';
  const fail = (error: string) => ({ error: `failed to get ${name} ${what}: ${error}`, reason });
  if (target.averageValue === undefined && target.averageUtilization === undefined)
    return { error: 'invalid resource metric source: neither a utilization target nor a value target was set', reason };
  if ('error' in inputs.podMetrics)
    return fail(
      `unable to get metrics for resource ${name}: unable to fetch metrics from resource metrics API: ${inputs.podMetrics.error}`,
    );
  const measured = resourceMetrics(inputs.podMetrics, name, container);
  if ('error' in measured) return fail(`unable to get metrics for resource ${name}: ${measured.error}`);
  const input = { ...inputs, resource: name, container, metrics: measured.metrics };
  const calculated: Calculated =
    target.averageValue !== undefined
      ? averageValueReplicas(input, milliValue(target.averageValue))
      : utilizationReplicas(input, target.averageUtilization!);
  if ('error' in calculated) return fail(calculated.error);
  const current = {
    ...(calculated.utilization !== undefined ? { averageUtilization: calculated.utilization } : {}),
    averageValue: milliQuantity(calculated.averageValue),
  };
  const status: MetricStatus = container
    ? { type: kind, containerResource: { name, container, current } }
    : { type: kind, resource: { name, current } };
  const prefix = container ? `${name} container resource` : `${name} resource`;
  return {
    replicas: calculated.replicas,
    metric: what === 'utilization' ? `${prefix} utilization (percentage of request)` : prefix,
    status,
  };
}

function proposal(spec: MetricSpec, inputs: MetricInputs): Proposal {
  if ((spec.type === 'Resource' && spec.resource) || (spec.type === 'ContainerResource' && spec.containerResource))
    return resourceProposal(spec, inputs);
  // Pods, Object and External metrics come from the custom and external metrics APIs, which are not served.
  const name = spec.pods?.metric.name ?? spec.object?.metric.name ?? spec.external?.metric.name ?? '';
  return {
    error: `unable to get metric ${name}: no custom or external metrics API is served`,
    reason: `FailedGet${spec.type}Metric`,
  };
}

export type MetricsOutcome =
  | { replicas: number; metric: string; statuses: MetricStatus[]; partialError?: string }
  | { error: string; statuses: MetricStatus[] };

/** Every metric's proposal; sets ScalingActive and records one event per failed metric. */
export function computeMetricReplicas(
  specs: readonly MetricSpec[],
  inputs: MetricInputs,
  conditions: Conditions,
  events: HpaEvent[],
): MetricsOutcome {
  if (!inputs.selector) {
    events.push({ type: 'Warning', reason: 'SelectorRequired', message: 'selector is required' });
    conditions.set('ScalingActive', false, 'InvalidSelector', "the HPA target's scale is missing a selector");
    return { error: 'selector is required', statuses: [] };
  }
  // A metric that fails keeps an empty place, so statuses stay aligned with the specs.
  const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
  let best: { replicas: number; metric: string } | undefined;
  let firstFailure: { error: string; reason: string } | undefined;
  let failures = 0;
  for (const [i, spec] of specs.entries()) {
    const p = proposal(spec, inputs);
    if ('error' in p) {
      events.push({ type: 'Warning', reason: p.reason, message: p.error });
      firstFailure ??= p;
      failures++;
      continue;
    }
    statuses[i] = p.status;
    if (!best || p.replicas > best.replicas) best = p;
  }
  const replicas = best?.replicas ?? 0;
  if (firstFailure && (failures >= specs.length || replicas < inputs.currentReplicas)) {
    conditions.set('ScalingActive', false, firstFailure.reason, `the HPA was unable to compute the replica count: ${firstFailure.error}`);
    return { error: `invalid metrics (${failures} invalid out of ${specs.length}), first error is: ${firstFailure.error}`, statuses };
  }
  const metric = best?.metric ?? '';
  conditions.set('ScalingActive', true, 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`);
  const partialError =
    firstFailure && `invalid metrics (${failures} invalid out of ${specs.length}), first error is: ${firstFailure.error}`;
  return { replicas, metric, statuses, ...(partialError ? { partialError } : {}) };
}
