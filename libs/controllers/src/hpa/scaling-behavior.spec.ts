import type { HorizontalPodAutoscalerBehavior } from '@stevedore/api';
import {
  EMPTY_HISTORY,
  type NormalizeInput,
  normalizeWithBehavior,
  normalizeWithoutBehavior,
  recordRescale,
  type ScalingHistory,
  scaleDownLimit,
  scaleUpLimit,
} from './scaling-behavior';

const NOW = 1_000_000_000;
const FIVE_MINUTES = 300_000;

const input = (
  current: number,
  desired: number,
  history: ScalingHistory = EMPTY_HISTORY,
  bounds = { min: 1, max: 10 },
): NormalizeInput => ({
  current,
  desired,
  ...bounds,
  history,
  now: NOW,
  downscaleWindowMs: FIVE_MINUTES,
});

const recommended = (...pairs: [replicas: number, secondsAgo: number][]): ScalingHistory => ({
  ...EMPTY_HISTORY,
  recommendations: pairs.map(([replicas, secondsAgo]) => ({ replicas, at: NOW - secondsAgo * 1000 })),
});

/** The defaults the API fills in when behavior is given. */
const defaults = (): Required<HorizontalPodAutoscalerBehavior> => ({
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  },
  scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
});

describe('normalizeWithoutBehavior', () => {
  it('scales down only to the highest recommendation of the last five minutes', () => {
    const held = normalizeWithoutBehavior(input(5, 2, recommended([5, 240], [3, 60])));
    expect(held.replicas).toBe(5);
    expect(held.stabilized.reason).toBe('ScaleDownStabilized');
    // Once those recommendations are older than the window, the lower one wins.
    const later = normalizeWithoutBehavior(input(5, 2, recommended([5, 301], [3, 60])));
    expect(later.replicas).toBe(3);
    expect(later.recommendations).toEqual([
      { replicas: 3, at: NOW - 60_000 },
      { replicas: 2, at: NOW },
    ]);
  });

  it('scales up at once but at most to max(2 × current, 4)', () => {
    const n = normalizeWithoutBehavior(input(1, 10));
    expect(n.replicas).toBe(4);
    expect(n.limited).toEqual({
      limited: true,
      reason: 'ScaleUpLimit',
      message: 'the desired replica count is increasing faster than the maximum scale rate',
    });
    expect(normalizeWithoutBehavior(input(3, 7)).replicas).toBe(6);
  });

  it('keeps within minReplicas and maxReplicas', () => {
    expect(normalizeWithoutBehavior(input(8, 20)).limited).toMatchObject({ limited: true, reason: 'TooManyReplicas' });
    expect(normalizeWithoutBehavior(input(8, 20)).replicas).toBe(10);
    const low = normalizeWithoutBehavior(input(3, 1, EMPTY_HISTORY, { min: 2, max: 10 }));
    expect([low.replicas, low.limited.reason]).toEqual([2, 'TooFewReplicas']);
    const fine = normalizeWithoutBehavior(input(3, 3));
    expect(fine).toMatchObject({
      replicas: 3,
      stabilized: { reason: 'ReadyForNewScale' },
      limited: { limited: false, reason: 'DesiredWithinRange' },
    });
  });
});

describe('rate policies', () => {
  const rules = (selectPolicy: string) => ({
    selectPolicy,
    policies: [
      { type: 'Pods', value: 2, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
  });

  it('picks the largest change with Max, the smallest with Min, none with Disabled', () => {
    expect(scaleUpLimit(10, EMPTY_HISTORY, rules('Max'), NOW)).toBe(15);
    expect(scaleUpLimit(10, EMPTY_HISTORY, rules('Min'), NOW)).toBe(12);
    expect(scaleUpLimit(10, EMPTY_HISTORY, rules('Disabled'), NOW)).toBe(10);
    expect(scaleDownLimit(10, EMPTY_HISTORY, rules('Max'), NOW)).toBe(5);
    expect(scaleDownLimit(10, EMPTY_HISTORY, rules('Min'), NOW)).toBe(8);
    expect(scaleDownLimit(10, EMPTY_HISTORY, rules('Disabled'), NOW)).toBe(10);
  });

  it('counts from the replicas at the start of each period', () => {
    // 4 added 30 s ago: the period started at 6, so Pods allows 8 and Percent 9.
    const history = { ...EMPTY_HISTORY, scaleUps: [{ change: 4, at: NOW - 30_000 }] };
    expect(scaleUpLimit(10, history, rules('Max'), NOW)).toBe(9);
    // A change older than the period no longer counts.
    const old = { ...EMPTY_HISTORY, scaleUps: [{ change: 4, at: NOW - 61_000 }] };
    expect(scaleUpLimit(10, old, rules('Max'), NOW)).toBe(15);
  });
});

describe('normalizeWithBehavior', () => {
  it('scales up by the default policies: 4 pods or 100% per 15 s, whichever is more', () => {
    const n = normalizeWithBehavior(input(1, 10), defaults());
    expect([n.replicas, n.limited.reason]).toEqual([5, 'ScaleUpLimit']);
    const m = normalizeWithBehavior(input(6, 10), defaults());
    expect([m.replicas, m.limited.reason]).toEqual([10, 'DesiredWithinRange']);
  });

  it('holds a scale-up back until its window has only higher recommendations', () => {
    const behavior = defaults();
    behavior.scaleUp.stabilizationWindowSeconds = 60;
    const n = normalizeWithBehavior(input(2, 6, recommended([3, 30])), behavior);
    expect(n.replicas).toBe(3);
    expect(n.stabilized.reason).toBe('ScaleUpStabilized');
  });

  it('uses the controller’s window for scale-down unless behavior sets one', () => {
    const history = recommended([4, 100]);
    expect(normalizeWithBehavior(input(4, 1, history), defaults()).replicas).toBe(4);
    const behavior = defaults();
    behavior.scaleDown.stabilizationWindowSeconds = 30;
    const n = normalizeWithBehavior(input(4, 1, history), behavior);
    expect([n.replicas, n.stabilized.reason]).toEqual([1, 'ReadyForNewScale']);
  });

  it('limits a scale-down by its policies and never goes below minReplicas', () => {
    const behavior = defaults();
    behavior.scaleDown = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] };
    const n = normalizeWithBehavior(input(4, 1), behavior);
    expect([n.replicas, n.limited.reason]).toEqual([3, 'ScaleDownLimit']);
    // Having removed one a moment ago, the period allows no more.
    const after = { ...EMPTY_HISTORY, scaleDowns: [{ change: 1, at: NOW - 15_000 }] };
    expect(normalizeWithBehavior(input(3, 1, after), behavior).replicas).toBe(3);
    const floor = normalizeWithBehavior(input(4, 1, EMPTY_HISTORY, { min: 4, max: 10 }), {
      ...behavior,
      scaleDown: { ...behavior.scaleDown, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    expect([floor.replicas, floor.limited.reason]).toEqual([4, 'TooFewReplicas']);
  });

  it('never scales in a disabled direction', () => {
    const behavior = defaults();
    behavior.scaleDown = { ...behavior.scaleDown, stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' };
    expect(normalizeWithBehavior(input(5, 2), behavior).replicas).toBe(5);
    behavior.scaleUp = { ...behavior.scaleUp, selectPolicy: 'Disabled' };
    expect(normalizeWithBehavior(input(5, 8), behavior).replicas).toBe(5);
  });
});

describe('recordRescale', () => {
  it('remembers rescales only for autoscalers with behavior, and forgets what no period covers', () => {
    expect(recordRescale(EMPTY_HISTORY, undefined, 2, 4, NOW)).toBe(EMPTY_HISTORY);
    const old = { ...EMPTY_HISTORY, scaleUps: [{ change: 1, at: NOW - 16_000 }] };
    expect(recordRescale(old, defaults(), 2, 4, NOW).scaleUps).toEqual([{ change: 2, at: NOW }]);
    expect(recordRescale(EMPTY_HISTORY, defaults(), 4, 1, NOW).scaleDowns).toEqual([{ change: 3, at: NOW }]);
  });
});
