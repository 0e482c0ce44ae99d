// Overload protection as kube-apiserver's max-in-flight limits: at most N read and M mutating
// requests are served at once; beyond that the client gets 429 with Retry-After and backs off
// (client-go and kubectl retry such answers), instead of every request slowing down together.
// Long-running requests (watches, log follows, exec) are not counted: they hold a slot for hours.

import { statusError } from '@stevedore/api';
import type { NextFunction, Request, Response } from 'express';

export interface InflightLimits {
  /** Kubernetes' --max-requests-inflight default. */
  readonly: number;
  /** Kubernetes' --max-mutating-requests-inflight default. */
  mutating: number;
}

export const DEFAULT_INFLIGHT_LIMITS: InflightLimits = { readonly: 400, mutating: 200 };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Probes are never turned away (API Priority and Fairness puts them in its exempt level too). */
const PROBES = /^\/(livez|readyz|healthz)(\/|\?|$)/;

export function isLongRunning(req: Pick<Request, 'method' | 'originalUrl'>): boolean {
  const url = new URL(req.originalUrl, 'http://x');
  if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1' || url.pathname.includes('/watch/')) return true;
  if (/\/(exec|attach|portforward|proxy)$/.test(url.pathname) || url.pathname.includes('/proxy/')) return true;
  return url.pathname.endsWith('/log') && url.searchParams.get('follow') === 'true';
}

export class InflightLimiter {
  private readonly inflight = { readonly: 0, mutating: 0 };

  constructor(private readonly limits: InflightLimits = DEFAULT_INFLIGHT_LIMITS) {}

  /** Takes a slot of the request's kind; returns its release, or undefined when all are taken. */
  acquire(method: string): (() => void) | undefined {
    const kind = READ_METHODS.has(method) ? 'readonly' : 'mutating';
    if (this.inflight[kind] >= this.limits[kind]) return undefined;
    this.inflight[kind]++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inflight[kind]--;
    };
  }

  /** Express middleware: a slot per request until its response is finished or aborted. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (isLongRunning(req) || PROBES.test(req.originalUrl)) return next();
      const release = this.acquire(req.method);
      if (!release) {
        const status = statusError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }).status;
        res.status(429).set('Retry-After', '1').type('application/json').send(JSON.stringify(status));
        return;
      }
      res.once('finish', release);
      res.once('close', release);
      next();
    };
  }
}
