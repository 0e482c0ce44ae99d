// Proxies requests for an aggregated group-version to its APIService's backend over HTTPS, after
// the auth middleware has authenticated and authorized them as any request. The backend learns
// who asks from X-Remote-User / X-Remote-Group / X-Remote-Extra-*, as from kube-apiserver's
// front proxy, over a connection made with the front-proxy client certificate (which is what
// proves those headers ours); the caller's own credentials never reach it. Streams (watch) pass through as they come.
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { type APIService, availableCondition, statusError } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import { logger } from '@stevedore/log';
import type { NextFunction, Response } from 'express';
import type { IncomingHttpHeaders } from 'http';
import * as https from 'https';
import type { AuthenticatedRequest } from '../http/auth.middleware';
import type { AggregatedApis } from './aggregated-apis';
import { backendOptions } from './backend-client';

export const AGGREGATION = Symbol('AGGREGATION');

const UNAVAILABLE = 'the server is currently unable to handle the request';

/** Headers never forwarded: the caller's credentials, identity claims, and hop-by-hop ones. */
const DROPPED = /^(authorization|impersonate-.*|x-remote-.*|host|connection|keep-alive|proxy-.*|te|trailer|transfer-encoding|upgrade)$/i;

function unavailable(res: Response): void {
  const { status } = statusError(503, 'ServiceUnavailable', UNAVAILABLE);
  res.status(503).type('application/json').send(JSON.stringify(status));
}

export function forwardedHeaders(headers: IncomingHttpHeaders, user: User | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !DROPPED.test(name)) out[name] = value;
  if (user) {
    out['X-Remote-User'] = user.name;
    if (user.groups.length) out['X-Remote-Group'] = [...user.groups];
    for (const [key, values] of Object.entries(user.extra ?? {})) out[`X-Remote-Extra-${encodeURIComponent(key)}`] = values;
  }
  return out;
}

/** `/apis/GROUP/VERSION[/...]` → group and version; other paths are not ours. */
export function groupVersionOf(path: string): { group: string; version: string } | undefined {
  const m = /^\/apis\/([^/]+)\/([^/?]+)(\/|$)/.exec(path);
  return m ? { group: m[1]!, version: m[2]! } : undefined;
}

@Injectable()
export class AggregationProxyMiddleware implements NestMiddleware {
  private readonly log = logger('aggregator');

  constructor(@Inject(AGGREGATION) private readonly apis: AggregatedApis) {}

  use(req: AuthenticatedRequest, res: Response, next: NextFunction): void {
    const gv = groupVersionOf(new URL(req.originalUrl, 'https://localhost').pathname);
    const api = gv && this.apis.route(gv.group, gv.version);
    if (!api) return next();
    this.proxy(api, req, res);
  }

  private proxy(api: APIService, req: AuthenticatedRequest, res: Response): void {
    const name = api.metadata.name ?? '';
    const resolved = this.apis.backendOf(api);
    // As kube-aggregator: an APIService not known Available is refused without trying it.
    if (!('backend' in resolved) || availableCondition(api)?.status !== 'True') {
      this.log.warn(
        `apiservice ${name} unavailable for ${req.method} ${req.originalUrl}`,
        'reason' in resolved ? { reason: resolved.reason } : {},
      );
      return unavailable(res);
    }
    const upstream = https.request(
      {
        ...backendOptions(api, resolved.backend, this.apis.proxyClient),
        method: req.method,
        path: req.originalUrl,
        headers: forwardedHeaders(req.headers, req.user),
      },
      (answer) => {
        res.status(answer.statusCode ?? 502);
        for (const [h, v] of Object.entries(answer.headers)) if (v !== undefined && !DROPPED.test(h)) res.setHeader(h, v);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      this.log.warn(`apiservice ${name}: proxying ${req.method} ${req.originalUrl} failed: ${err.message}`);
      if (!res.headersSent) unavailable(res);
      else res.destroy(err);
    });
    // A client that goes away (a watch closed) ends the backend request too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}
