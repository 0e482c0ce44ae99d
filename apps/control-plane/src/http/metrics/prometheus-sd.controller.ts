import { Controller, Get, Inject, Param } from '@nestjs/common';
import { statusError } from '@stevedore/api';
import { RESOURCE_METRICS } from './metrics-tokens';
import { nodeTargets, podTargets } from './prometheus-sd';
import type { ResourceMetrics } from './resource-metrics';

/** GET /prometheus/sd/node and /prometheus/sd/pod: http_sd_configs target groups (bearer token as for the API). */
@Controller()
export class PrometheusSdController {
  constructor(@Inject(RESOURCE_METRICS) private readonly source: ResourceMetrics) {}

  @Get('prometheus/sd/:role')
  targets(@Param('role') role: string) {
    if (role === 'node') return nodeTargets(this.source.nodes.list());
    if (role === 'pod') return podTargets(this.source.pods.list());
    throw statusError(404, 'NotFound', `no Prometheus discovery for role "${role}" (node and pod are served)`);
  }
}
