import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { statusError } from '@stevedore/api';
import {
  AGGREGATED_V2,
  AGGREGATED_V2BETA1,
  aggregatedDiscovery,
  type HealthAnswer,
  healthReport,
  legacyCoreVersions,
  legacyGroupList,
  OPENAPI_V2_CONTENT_TYPE,
  openapiDocument,
  openapiIndex,
  resourceList,
  singleHealthCheck,
} from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import type { Request, Response } from 'express';
import type { AggregatedApis } from '../aggregation/aggregated-apis';
import { AGGREGATION } from '../aggregation/aggregation-proxy.middleware';
import type { ControlPlaneConfig } from '../config';
import { CONFIG, HEALTH } from '../tokens';
import type { ControlPlaneHealth } from './health-checks';
import { withMetricsAggregated, withMetricsGroup } from './metrics/metrics-discovery';

/** Health, version, discovery and OpenAPI: the documents kubectl reads before anything else. */
@Controller()
export class MetaController {
  private readonly log = logger('apiserver');

  constructor(
    @Inject(CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(HEALTH) private readonly health: ControlPlaneHealth,
    @Inject(AGGREGATION) private readonly aggregation: AggregatedApis,
  ) {}

  @Get(['healthz', 'livez', 'readyz'])
  async healthOf(@Req() req: Request, @Res() res: Response): Promise<void> {
    const endpoint = req.path.slice(1);
    const query = new URL(req.originalUrl, 'https://localhost').searchParams;
    const verbose = query.has('verbose') && query.get('verbose') !== 'false';
    const answer = await healthReport(endpoint, this.checksFor(endpoint), { verbose, exclude: query.getAll('exclude') });
    this.answerHealth(res, endpoint, answer);
  }

  @Get(['healthz/:check', 'livez/:check', 'readyz/:check'])
  async oneHealthCheck(@Req() req: Request, @Res() res: Response, @Param('check') check: string): Promise<void> {
    const endpoint = req.path.split('/')[1]!;
    this.answerHealth(res, endpoint, await singleHealthCheck(this.checksFor(endpoint), check));
  }

  @Get('version')
  version() {
    const v = this.config.kubernetesVersion;
    return {
      ...v,
      gitCommit: 'stevedore',
      gitTreeState: 'clean',
      buildDate: '2026-11-25T00:00:00Z',
      goVersion: 'go1.23.4',
      compiler: 'gc',
      platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
    };
  }

  @Get('api')
  core(@Req() req: Request, @Res() res: Response): void {
    this.discovery(req, res, 'core', () => legacyCoreVersions(`${this.config.bindAddress}:${this.config.apiPort}`));
  }

  @Get('apis')
  groups(@Req() req: Request, @Res() res: Response): void {
    this.discovery(req, res, 'apis', () => this.aggregation.withGroups(this.withOwnMetrics(legacyGroupList(), withMetricsGroup)));
  }

  @Get('api/:version')
  coreVersion(@Param('version') version: string) {
    return resourceList('', version) ?? notFound();
  }

  @Get('apis/:group/:version')
  groupVersion(@Param('group') group: string, @Param('version') version: string) {
    return resourceList(group, version) ?? notFound();
  }

  @Get('openapi/v2')
  openapiV2(@Res() res: Response): void {
    res.status(200).type(OPENAPI_V2_CONTENT_TYPE).end();
  }

  @Get('openapi/v3')
  openapiV3() {
    return openapiIndex(this.config.kubernetesVersion.gitVersion);
  }

  @Get(['openapi/v3/api/:version', 'openapi/v3/apis/:group/:version'])
  openapiV3Document(@Param('group') group: string | undefined, @Param('version') version: string) {
    return openapiDocument(group ?? '', version, this.config.kubernetesVersion.gitVersion) ?? notFound();
  }

  /** Our own metrics.k8s.io is listed unless an APIService has taken the group over. */
  private withOwnMetrics<T>(doc: T, add: (d: T) => T): T {
    return this.aggregation.serves('metrics.k8s.io') ? doc : add(doc);
  }

  private checksFor(endpoint: string) {
    return endpoint === 'readyz' ? this.health.readiness() : this.health.liveness();
  }

  private answerHealth(res: Response, endpoint: string, answer: HealthAnswer): void {
    for (const f of answer.failures) this.log.warn(`${endpoint} check ${f.name} failed`, { reason: f.reason });
    res.status(answer.status).type('text/plain').setHeader('X-Content-Type-Options', 'nosniff').end(answer.body);
  }

  /** Aggregated discovery needs its exact Content-Type, or kubectl decodes it as the legacy form and fails. */
  private discovery(req: Request, res: Response, scope: 'core' | 'apis', legacy: () => unknown): void {
    const accept = req.headers.accept ?? '';
    const version = accept.includes('g=apidiscovery.k8s.io;v=v2;')
      ? 'v2'
      : accept.includes('g=apidiscovery.k8s.io;v=v2beta1;')
        ? 'v2beta1'
        : undefined;
    if (version) {
      res.status(200).setHeader('Content-Type', version === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1);
      const doc = aggregatedDiscovery(scope, version);
      res.end(JSON.stringify(scope === 'apis' ? this.aggregation.withAggregated(this.withOwnMetrics(doc, withMetricsAggregated)) : doc));
    } else {
      res.status(200).type('application/json').end(JSON.stringify(legacy()));
    }
  }
}

function notFound(): never {
  throw statusError(404, 'NotFound', 'the server could not find the requested resource');
}
