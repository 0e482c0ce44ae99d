import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { ControlPlaneMetrics } from './control-plane-metrics';
import { METRICS } from './metrics-tokens';
import { isLongRunning, requestLabels } from './request-info';

/**
 * Counts every request (rejected ones too, so it runs before authentication) with its verb,
 * resource and code; times the short ones and keeps long-running ones (watches, exec, log
 * follows) in a gauge while they are open.
 */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(METRICS) private readonly metrics: ControlPlaneMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = performance.now();
    const labels = requestLabels(req.method, new URL(req.originalUrl, 'https://x'), req.headers['content-type'] ?? '');
    const longRunning = isLongRunning(labels);
    const gaugeLabels = { ...labels, component: 'apiserver' };
    if (longRunning) this.metrics.longRunning.inc(gaugeLabels);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (longRunning) this.metrics.longRunning.dec(gaugeLabels);
      this.metrics.requestDone(labels, res.statusCode, longRunning ? undefined : (performance.now() - started) / 1000);
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  }
}
