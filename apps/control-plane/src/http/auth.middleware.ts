import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { statusError } from '@stevedore/api';
import { tokensEqual } from '@stevedore/pki';
import type { NextFunction, Request, Response } from 'express';

export const TOKENS = Symbol('TOKENS');

/** Who a token belongs to: the admin, or the agent of one node (which may act only for that node). */
export interface Identity {
  user: string;
  node?: string;
}

export interface TokenBook {
  lookup(token: string): Identity | undefined;
}

export function staticTokenBook(entries: { token: string; identity: Identity }[]): TokenBook {
  return { lookup: (token) => entries.find((e) => tokensEqual(e.token, token))?.identity };
}

// As Kubernetes does, only health and version are open to anonymous clients. (req.path is
// relative to the middleware's mount point, so the original URL is what we check.)
const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(@Inject(TOKENS) private readonly tokens: TokenBook) {}

  use(req: Request & { identity?: Identity }, res: Response, next: NextFunction): void {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const identity = match ? this.tokens.lookup(match[1]!) : undefined;
    if (identity) {
      req.identity = identity;
      next();
    } else if (ANONYMOUS_PATHS.has(new URL(req.originalUrl, 'http://x').pathname)) {
      next();
    } else {
      const status = statusError(401, 'Unauthorized', 'Unauthorized').status;
      res.status(401).type('application/json').send(JSON.stringify(status));
    }
  }
}
