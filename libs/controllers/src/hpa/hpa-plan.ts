// The horizontal-pod-autoscaler's decision for one autoscaler (horizontal.go's reconcileAutoscaler)
// as a pure function of what the controller observed and the time: the replica count to set on
// the target, if any, and the status and events that go with it.
import type {
  AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler,
  AutoscalingV2HorizontalPodAutoscalerStatus as HpaStatus,
  MetricStatus,
  Pod,
} from '@stevedore/api';
import { Conditions } from './hpa-conditions';
import { computeMetricReplicas, type HpaEvent } from './metric-replicas';
import type { PodMetrics } from './pod-metrics';
import { type CalculatorOptions, DEFAULT_CALCULATOR } from './replica-calculator';
import { normalizeWithBehavior, normalizeWithoutBehavior, recordRescale, type ScalingHistory } from './scaling-behavior';

export interface AutoscalerOptions extends CalculatorOptions {
  /** Scale-down window of autoscalers whose behavior sets none (--horizontal-pod-autoscaler-downscale-stabilization). */
  downscaleStabilizationMs: number;
}

export const DEFAULT_AUTOSCALER_OPTIONS: AutoscalerOptions = { ...DEFAULT_CALCULATOR, downscaleStabilizationMs: 300_000 };

/** What the controller observed for one autoscaler. */
export interface Observation {
  /** The target's scale subresource, or why it could not be read. */
  scale: { replicas: number; selector: string } | { error: string };
  /** The pods the scale's selector matches, in any phase. */
  pods: readonly Pod[];
  /** The metrics API's pod metrics for that selector, or why they could not be read. */
  podMetrics: readonly PodMetrics[] | { error: string };
  history: ScalingHistory;
  now: number;
}

export interface AutoscalerPlan {
  /** Set the target's replicas to this; the status below assumes it worked (see rescaleFailed). */
  rescale?: { from: number; replicas: number; reason: string };
  status: HpaStatus;
  events: HpaEvent[];
  /** With this sync's recommendation; a rescale is added by `rescaled` once it is made. */
  history: ScalingHistory;
  /** Why the metrics failed in part or whole: the sync is retried sooner, as upstream returns it as an error. */
  error?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function statusOf(hpa: HorizontalPodAutoscaler, conditions: Conditions, fields: Partial<HpaStatus>): HpaStatus {
  const { currentMetrics, ...rest } = { ...hpa.status, ...fields };
  return {
    ...rest,
    desiredReplicas: rest.desiredReplicas ?? 0,
    ...(currentMetrics?.length ? { currentMetrics } : {}),
    conditions: conditions.toList(),
    ...(hpa.metadata.generation !== undefined ? { observedGeneration: hpa.metadata.generation } : {}),
  };
}

export function planAutoscaler(hpa: HorizontalPodAutoscaler, observed: Observation, options = DEFAULT_AUTOSCALER_OPTIONS): AutoscalerPlan {
  const { now, history } = observed;
  const conditions = new Conditions(hpa.status?.conditions, iso(now));
  const events: HpaEvent[] = [];
  const { scale } = observed;
  if ('error' in scale) {
    events.push({ type: 'Warning', reason: 'FailedGetScale', message: scale.error });
    conditions.set(
      'AbleToScale',
      false,
      'FailedGetScale',
      `the HPA controller was unable to get the target's current scale: ${scale.error}`,
    );
    return { status: statusOf(hpa, conditions, {}), events, history, error: scale.error };
  }
  conditions.set('AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const current = scale.replicas;
  const { maxReplicas: max } = hpa.spec;
  const min = hpa.spec.minReplicas ?? 1;
  let desired: number;
  let reason = '';
  let currentMetrics: MetricStatus[] = [];
  let nextHistory = history;
  let error: string | undefined;
  if (current === 0 && min !== 0) {
    desired = 0;
    conditions.set('ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  } else if (current > max) {
    [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
  } else if (current < min) {
    [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
  } else {
    const inputs = {
      currentReplicas: current,
      selector: scale.selector,
      pods: observed.pods,
      podMetrics: observed.podMetrics,
      now,
      options,
    };
    const outcome = computeMetricReplicas(hpa.spec.metrics ?? [], inputs, conditions, events);
    if ('error' in outcome) {
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: outcome.error });
      const status = statusOf(hpa, conditions, { currentReplicas: current, currentMetrics: outcome.statuses });
      return { status, events, history, error: outcome.error };
    }
    error = outcome.partialError;
    currentMetrics = outcome.statuses;
    if (outcome.replicas > current) reason = `${outcome.metric} above target`;
    else if (outcome.replicas < current) reason = 'All metrics below target';
    const input = { current, desired: outcome.replicas, min, max, history, now, downscaleWindowMs: options.downscaleStabilizationMs };
    const normalized = hpa.spec.behavior ? normalizeWithBehavior(input, hpa.spec.behavior) : normalizeWithoutBehavior(input);
    conditions.set('AbleToScale', true, normalized.stabilized.reason, normalized.stabilized.message);
    conditions.set('ScalingLimited', normalized.limited.limited, normalized.limited.reason, normalized.limited.message);
    desired = normalized.replicas;
    nextHistory = { ...history, recommendations: normalized.recommendations };
  }
  const rescale = desired !== current ? { from: current, replicas: desired, reason } : undefined;
  if (rescale) {
    conditions.set('AbleToScale', true, 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
    events.push({ type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${reason}` });
  }
  const status = statusOf(hpa, conditions, {
    currentReplicas: current,
    desiredReplicas: desired,
    currentMetrics,
    ...(rescale ? { lastScaleTime: iso(now) } : {}),
  });
  return { rescale, status, events, history: nextHistory, ...(error ? { error } : {}) };
}

/**
 * The plan once writing the target's scale failed: AbleToScale turns False, the replica count and
 * the rescale are not recorded, and FailedRescale replaces SuccessfulRescale.
 */
export function rescaleFailed(hpa: HorizontalPodAutoscaler, plan: AutoscalerPlan, error: string, now: number): AutoscalerPlan {
  if (!plan.rescale) return plan;
  const conditions = new Conditions(plan.status.conditions, iso(now));
  conditions.set('AbleToScale', false, 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${error}`);
  const { replicas, reason } = plan.rescale;
  const events = plan.events.filter((e) => e.reason !== 'SuccessfulRescale');
  events.push({ type: 'Warning', reason: 'FailedRescale', message: `New size: ${replicas}; reason: ${reason}; error: ${error}` });
  const { lastScaleTime: _, ...status } = plan.status;
  return {
    status: {
      ...status,
      desiredReplicas: hpa.status?.desiredReplicas ?? 0,
      ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
      conditions: conditions.toList(),
    },
    events,
    history: plan.history,
    error,
  };
}

/** The history once the target was rescaled as planned: the rate policies count it from now on. */
export function rescaled(hpa: HorizontalPodAutoscaler, plan: AutoscalerPlan, now: number): ScalingHistory {
  if (!plan.rescale) return plan.history;
  return recordRescale(plan.history, hpa.spec.behavior, plan.rescale.from, plan.rescale.replicas, now);
}
