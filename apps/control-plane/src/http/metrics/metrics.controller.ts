import { Controller, Get, Inject, Res } from '@nestjs/common';
import { EXPOSITION_CONTENT_TYPE } from '@stevedore/metrics';
import type { Response } from 'express';
import type { ControlPlaneMetrics } from './control-plane-metrics';
import { METRICS } from './metrics-tokens';

/** The control plane's own metrics, behind the same bearer-token authentication as the API. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: ControlPlaneMetrics) {}

  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    const text = await this.metrics.exposition();
    res.status(200).setHeader('Content-Type', EXPOSITION_CONTENT_TYPE);
    res.end(text);
  }
}
