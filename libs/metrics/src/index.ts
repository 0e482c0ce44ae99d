// Public API of @stevedore/metrics: per-component Prometheus registries and the read-only port.

export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export { FAST_SECONDS, REQUEST_SECONDS, SLOW_SECONDS } from './buckets';
export type { MetricsRoute, ReadOnlyMetricsServer } from './metrics-server';
export { isLoopback, startReadOnlyMetricsServer } from './metrics-server';
export type { GaugeSeries } from './per-object-gauge';
export { PerObjectGauge } from './per-object-gauge';
export type { RegistryOptions } from './registry';
export { EXPOSITION_CONTENT_TYPE, exposition, newRegistry } from './registry';
export type { Sample } from './trend';
export { leastSquaresSlope, secondHalf } from './trend';
