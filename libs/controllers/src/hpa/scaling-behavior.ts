// What the HPA controller remembers between syncs and how it turns a raw recommendation into the
// replica count it sets (horizontal.go's normalizeDesiredReplicas*): stabilization over recent
// recommendations, then the rate limits. Without `behavior`, scale-downs follow the highest
// recommendation of the downscale window and scale-ups are capped at max(2 × current, 4); with it,
// each direction has its window and policies (Pods or Percent per period, Max/Min/Disabled).
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from '@stevedore/api';

export interface Recommendation {
  replicas: number;
  at: number;
}

/** A rescale this controller made: how many replicas it added (or removed), and when. */
export interface ScaleEvent {
  change: number;
  at: number;
}

/** Kept in memory per autoscaler, as upstream keeps it (a restart forgets it). */
export interface ScalingHistory {
  recommendations: Recommendation[];
  scaleUps: ScaleEvent[];
  scaleDowns: ScaleEvent[];
}

export const EMPTY_HISTORY: ScalingHistory = { recommendations: [], scaleUps: [], scaleDowns: [] };

/** A condition the normalization reports: its reason and message. */
export interface Why {
  reason: string;
  message: string;
}

export interface Normalized {
  replicas: number;
  /** AbleToScale (True) says whether stabilization held the recommendation back. */
  stabilized: Why;
  /** ScalingLimited: limited when the bounds or rates changed the stabilized count. */
  limited: Why & { limited: boolean };
  recommendations: Recommendation[];
}

export interface NormalizeInput {
  current: number;
  desired: number;
  min: number;
  max: number;
  history: ScalingHistory;
  now: number;
  /** The controller's default scale-down window (--horizontal-pod-autoscaler-downscale-stabilization). */
  downscaleWindowMs: number;
}

const READY: Why = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const WITHIN: Why = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const SCALE_DOWN_STABILIZED: Why = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};
const SCALE_UP_STABILIZED: Why = {
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
};
const SCALE_UP_LIMIT: Why = {
  reason: 'ScaleUpLimit',
  message: 'the desired replica count is increasing faster than the maximum scale rate',
};
const SCALE_DOWN_LIMIT: Why = {
  reason: 'ScaleDownLimit',
  message: 'the desired replica count is decreasing faster than the maximum scale rate',
};
const TOO_MANY: Why = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const TOO_FEW: Why = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };

const limitedTo = (replicas: number, stabilized: number, why: Why) => ({ ...why, limited: replicas !== stabilized });

/** Without behavior: the highest recommendation of the downscale window, then min/max and max(2 × current, 4). */
export function normalizeWithoutBehavior(input: NormalizeInput): Normalized {
  const { current, desired, min, max, now } = input;
  const recent = input.history.recommendations.filter((r) => r.at >= now - input.downscaleWindowMs);
  const stabilized = Math.max(desired, ...recent.map((r) => r.replicas));
  const recommendations = [...recent, { replicas: desired, at: now }];
  const scaleUpLimit = Math.max(2 * current, 4);
  const [ceiling, overWhy] = max > scaleUpLimit ? [scaleUpLimit, SCALE_UP_LIMIT] : [max, TOO_MANY];
  let replicas = stabilized;
  let why = WITHIN;
  if (stabilized < min) [replicas, why] = [min, TOO_FEW];
  else if (stabilized > ceiling) [replicas, why] = [ceiling, overWhy];
  return {
    replicas,
    stabilized: stabilized !== desired ? SCALE_DOWN_STABILIZED : READY,
    limited: limitedTo(replicas, stabilized, why),
    recommendations,
  };
}

/** Replicas added (or removed) by this controller within the last `periodSeconds`. */
function changedWithin(events: readonly ScaleEvent[], periodSeconds: number, now: number): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000).reduce((sum, e) => sum + e.change, 0);
}

/** The most replicas the scale-up policies allow now, counting from each period's start. */
export function scaleUpLimit(current: number, history: ScalingHistory, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = (rules.policies ?? []).map((p) => {
    const periodStart =
      current - changedWithin(history.scaleUps, p.periodSeconds, now) + changedWithin(history.scaleDowns, p.periodSeconds, now);
    return p.type === 'Pods' ? periodStart + p.value : Math.ceil(periodStart * (1 + p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

/** The fewest replicas the scale-down policies allow now, counting from each period's start. */
export function scaleDownLimit(current: number, history: ScalingHistory, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = (rules.policies ?? []).map((p) => {
    const periodStart =
      current - changedWithin(history.scaleUps, p.periodSeconds, now) + changedWithin(history.scaleDowns, p.periodSeconds, now);
    return p.type === 'Pods' ? periodStart - p.value : Math.trunc(periodStart * (1 - p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/** With behavior (as defaulted by the API): each direction's window, then its rate policies and min/max. */
export function normalizeWithBehavior(input: NormalizeInput, behavior: HorizontalPodAutoscalerBehavior): Normalized {
  const { current, desired, min, max, now } = input;
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff =
    now - (down.stabilizationWindowSeconds !== undefined ? down.stabilizationWindowSeconds * 1000 : input.downscaleWindowMs);
  const all = input.history.recommendations;
  // A scale-up follows the lowest recommendation of its window, a scale-down the highest of its.
  const upTo = Math.min(desired, ...all.filter((r) => r.at > upCutoff).map((r) => r.replicas));
  const downTo = Math.max(desired, ...all.filter((r) => r.at > downCutoff).map((r) => r.replicas));
  const stabilized = Math.min(Math.max(current, upTo), downTo);
  const recommendations = [...all.filter((r) => r.at >= upCutoff || r.at >= downCutoff), { replicas: desired, at: now }];
  let replicas = stabilized;
  let why = WITHIN;
  if (stabilized > current) {
    const limit = Math.max(scaleUpLimit(current, input.history, up, now), current);
    const [ceiling, overWhy] = max > limit ? [limit, SCALE_UP_LIMIT] : [max, TOO_MANY];
    if (stabilized > ceiling) [replicas, why] = [ceiling, overWhy];
  } else if (stabilized < current) {
    const limit = Math.min(scaleDownLimit(current, input.history, down, now), current);
    const [floor, underWhy] = min < limit ? [limit, SCALE_DOWN_LIMIT] : [min, TOO_FEW];
    if (stabilized < floor) [replicas, why] = [floor, underWhy];
  }
  return {
    replicas,
    stabilized: stabilized === desired ? READY : desired >= current ? SCALE_UP_STABILIZED : SCALE_DOWN_STABILIZED,
    limited: limitedTo(replicas, stabilized, why),
    recommendations,
  };
}

function longestPeriodSeconds(rules: HPAScalingRules | undefined): number {
  return Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds));
}

/** Remembers a rescale for the rate policies (only autoscalers with behavior use them), forgetting what no policy looks at any more. */
export function recordRescale(
  history: ScalingHistory,
  behavior: HorizontalPodAutoscalerBehavior | undefined,
  from: number,
  to: number,
  now: number,
): ScalingHistory {
  if (!behavior || from === to) return history;
  // Both directions' policies count both kinds of event, so keep what the longest period of either sees.
  const horizon = now - Math.max(longestPeriodSeconds(behavior.scaleUp), longestPeriodSeconds(behavior.scaleDown)) * 1000;
  const fresh = (events: ScaleEvent[]) => events.filter((e) => e.at > horizon);
  if (to > from) return { ...history, scaleUps: [...fresh(history.scaleUps), { change: to - from, at: now }] };
  return { ...history, scaleDowns: [...fresh(history.scaleDowns), { change: from - to, at: now }] };
}
