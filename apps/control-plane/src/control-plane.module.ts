import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { RestContext } from '@stevedore/apiserver';
import type { AgentGateway } from '@stevedore/gateway';
import type { AggregatedApis } from './aggregation/aggregated-apis';
import { AGGREGATION, AggregationProxyMiddleware } from './aggregation/aggregation-proxy.middleware';
import type { ControlPlaneConfig } from './config';
import { AUTH, AuthMiddleware, type RequestAuth } from './http/auth.middleware';
import type { ControlPlaneHealth } from './http/health-checks';
import { IssuerController } from './http/issuer.controller';
import { MetaController } from './http/meta.controller';
import type { ControlPlaneMetrics } from './http/metrics/control-plane-metrics';
import { MetricsController } from './http/metrics/metrics.controller';
import { MetricsApiController } from './http/metrics/metrics-api.controller';
import { GATEWAY, METRICS, RESOURCE_METRICS } from './http/metrics/metrics-tokens';
import { NodeProxyController } from './http/metrics/node-proxy.controller';
import { PrometheusSdController } from './http/metrics/prometheus-sd.controller';
import type { ResourceMetrics } from './http/metrics/resource-metrics';
import { ResourcesController } from './http/resources.controller';
import { StatusFilter } from './http/status.filter';
import type { ClusterIdentity } from './identity/identity';
import { CONFIG, HEALTH, IDENTITY, REST } from './tokens';

export interface ControlPlaneDeps {
  config: ControlPlaneConfig;
  health: ControlPlaneHealth;
  auth: RequestAuth;
  identity: ClusterIdentity;
  rest: RestContext;
  metrics: { registry: ControlPlaneMetrics; resources: ResourceMetrics; gateway: AgentGateway };
  aggregation: AggregatedApis;
}

/** The control plane's root module: configuration and collaborators come in from `startControlPlane`. */
@Module({})
export class ControlPlaneModule implements NestModule {
  static register(deps: ControlPlaneDeps): DynamicModule {
    return {
      module: ControlPlaneModule,
      // The metrics routes first: their paths are more specific than the generic resource routes.
      controllers: [
        MetricsController,
        MetricsApiController,
        NodeProxyController,
        PrometheusSdController,
        MetaController,
        IssuerController,
        ResourcesController,
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: HEALTH, useValue: deps.health },
        { provide: AUTH, useValue: deps.auth },
        { provide: IDENTITY, useValue: deps.identity },
        { provide: REST, useValue: deps.rest },
        { provide: METRICS, useValue: deps.metrics.registry },
        { provide: RESOURCE_METRICS, useValue: deps.metrics.resources },
        { provide: GATEWAY, useValue: deps.metrics.gateway },
        { provide: AGGREGATION, useValue: deps.aggregation },
        { provide: APP_FILTER, useClass: StatusFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Aggregated group-versions are proxied once the request is authorized, before any route of ours.
    consumer.apply(AuthMiddleware, AggregationProxyMiddleware).forRoutes('*path');
  }
}
