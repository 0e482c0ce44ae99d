import { milliValue } from '@stevedore/api';
import { type PodMetrics, resourceMetrics } from './pod-metrics';

const item = (name: string, containers: Record<string, Record<string, string>>): PodMetrics => ({
  metadata: { name },
  timestamp: '2026-01-01T12:00:00Z',
  window: '10s',
  containers: Object.entries(containers).map(([c, usage]) => ({ name: c, usage })),
});

describe('pod metrics', () => {
  it('reads quantities in milli-units, rounding up as Kubernetes does', () => {
    expect(milliValue('90000000n')).toBe(90);
    expect(milliValue('90000001n')).toBe(91);
    expect(milliValue('250m')).toBe(250);
    expect(milliValue('1Ki')).toBe(1_024_000);
  });

  it('sums a pod over its containers, or takes the one named, leaving out pods missing the resource', () => {
    const items = [item('a', { app: { cpu: '100m' }, side: { cpu: '50m' } }), item('b', { app: { memory: '1Ki' } })];
    const all = resourceMetrics(items, 'cpu');
    expect(all).toEqual({
      metrics: new Map([['a', { value: 150, timestamp: Date.parse('2026-01-01T12:00:00Z'), windowMs: 10_000 }]]),
      timestamp: Date.parse('2026-01-01T12:00:00Z'),
    });
    const side = resourceMetrics(items, 'cpu', 'side');
    expect('metrics' in side && [...side.metrics.values()].map((m) => m.value)).toEqual([50]);
    expect(resourceMetrics([], 'cpu')).toEqual({ error: 'no metrics returned from resource metrics API' });
  });
});
