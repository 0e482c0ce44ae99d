import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { statusError } from '@stevedore/api';
import { metricsResourceList } from './metrics-discovery';
import { RESOURCE_METRICS } from './metrics-tokens';
import { METRICS_API_VERSION, type ResourceMetrics } from './resource-metrics';

const BASE = 'apis/metrics.k8s.io/v1beta1';

/** metrics.k8s.io/v1beta1: what `kubectl top nodes` and `kubectl top pods` read. */
@Controller()
export class MetricsApiController {
  constructor(@Inject(RESOURCE_METRICS) private readonly source: ResourceMetrics) {}

  @Get(BASE)
  resources() {
    return metricsResourceList();
  }

  @Get(`${BASE}/nodes`)
  async nodes(@Query('labelSelector') labelSelector?: string) {
    return list('NodeMetricsList', await this.source.nodeMetrics({ labelSelector }));
  }

  @Get(`${BASE}/nodes/:name`)
  async node(@Param('name') name: string) {
    return one('NodeMetrics', 'nodes', name, await this.source.nodeMetrics({ name }));
  }

  @Get([`${BASE}/pods`, `${BASE}/namespaces/:namespace/pods`])
  async pods(@Param('namespace') namespace?: string, @Query('labelSelector') labelSelector?: string) {
    return list('PodMetricsList', await this.source.podMetrics({ namespace, labelSelector }));
  }

  @Get(`${BASE}/namespaces/:namespace/pods/:name`)
  async pod(@Param('namespace') namespace: string, @Param('name') name: string) {
    return one('PodMetrics', 'pods', name, await this.source.podMetrics({ namespace, name }));
  }
}

function list(kind: string, items: object[]) {
  return { kind, apiVersion: METRICS_API_VERSION, metadata: {}, items };
}

function one(kind: string, plural: string, name: string, items: object[]) {
  const item = items[0];
  if (!item)
    throw statusError(404, 'NotFound', `${plural}.metrics.k8s.io "${name}" not found`, { name, group: 'metrics.k8s.io', kind: plural });
  return { kind, apiVersion: METRICS_API_VERSION, ...item };
}
