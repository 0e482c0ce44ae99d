// The optional unauthenticated metrics port of the control plane: /metrics over plain HTTP,
// bound to 127.0.0.1 only, for a Prometheus on the same host that holds no token.
import { EXPOSITION_CONTENT_TYPE, type ReadOnlyMetricsServer, startReadOnlyMetricsServer } from '@stevedore/metrics';
import type { ControlPlaneMetrics } from './control-plane-metrics';

export function startReadOnlyMetricsPort(metrics: ControlPlaneMetrics, port: number): Promise<ReadOnlyMetricsServer> {
  return startReadOnlyMetricsServer('127.0.0.1', port, {
    '/metrics': { contentType: EXPOSITION_CONTENT_TYPE, body: () => metrics.exposition() },
  });
}
