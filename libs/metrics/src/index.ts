// Public API of @stevedore/metrics: per-component Prometheus registries and the read-only port.
export { newRegistry, exposition, EXPOSITION_CONTENT_TYPE } from './registry';
export type { RegistryOptions } from './registry';
export { PerObjectGauge } from './per-object-gauge';
export type { GaugeSeries } from './per-object-gauge';
export { REQUEST_SECONDS, FAST_SECONDS, SLOW_SECONDS } from './buckets';
export { startReadOnlyMetricsServer, isLoopback } from './metrics-server';
export type { MetricsRoute, ReadOnlyMetricsServer } from './metrics-server';
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
