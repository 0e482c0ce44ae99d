import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { type Status, statusError } from '@stevedore/api';
import { requestAudit } from '@stevedore/audit';
import {
  type Attributes,
  type Authenticator,
  bearerToken,
  type Credentials,
  forbiddenMessage,
  impersonationOf,
  type RbacAuthorizer,
  requestAttributes,
  type User,
} from '@stevedore/auth';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'http';
import { type ClientCertTrust, certificateCredentials } from './client-certificates';

export const AUTH = Symbol('AUTH');

/** Who a request comes from, as the handlers behind this middleware see it. */
export interface Identity {
  user: string;
  node?: string;
}

/** Authentication and authorization, as the API server applies them to every request. */
export interface RequestAuth {
  authenticator: Authenticator;
  rbac: RbacAuthorizer;
  /** The CAs whose client certificates authenticate; unset, the TLS server's one CA is the cluster's. */
  certificates?: ClientCertTrust;
}

export type AuthenticatedRequest = Request & { identity?: Identity; user?: User };

// As Kubernetes does, only health and version are open to anonymous clients. (req.path is
// relative to the middleware's mount point, so the original URL is what we check.)
const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

/** The bearer token and what the verified client certificate proves, whichever the request carries. */
export function credentialsOf(req: IncomingMessage, trust?: ClientCertTrust): Credentials {
  return { bearer: bearerToken(req.headers.authorization), ...certificateCredentials(req, trust) };
}

// Who a request without credentials is, for paths open to everyone (as Kubernetes names it).
const ANONYMOUS = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

export type Verdict = { user: User } | { status: Status };

function forbidden(user: User, a: Attributes): { status: Status } {
  const status = statusError(403, 'Forbidden', forbiddenMessage(user, a)).status;
  if (a.resource) status.details = { ...(a.name ? { name: a.name } : {}), ...(a.apiGroup ? { group: a.apiGroup } : {}), kind: a.resource };
  return { status };
}

/** Authenticates, applies impersonation and authorizes one request: the acting user, or the Status to refuse it with. */
export async function admitRequest(auth: RequestAuth, req: IncomingMessage, url: URL): Promise<Verdict | undefined> {
  const user = await auth.authenticator.authenticate(credentialsOf(req, auth.certificates));
  const audit = requestAudit(req);
  if (!user) {
    if (!ANONYMOUS_PATHS.has(url.pathname)) return { status: statusError(401, 'Unauthorized', 'Unauthorized').status };
    audit?.authenticated(ANONYMOUS);
    return undefined;
  }
  audit?.authenticated(user);
  let acting = user;
  let impersonation: ReturnType<typeof impersonationOf>;
  try {
    impersonation = impersonationOf(req.headers);
  } catch (err) {
    return { status: statusError(400, 'BadRequest', (err as Error).message).status };
  }
  if (impersonation) {
    const refused = impersonation.checks.find((check) => !auth.rbac.authorize(user, check).allowed);
    if (refused) {
      audit?.authorized(false, '');
      return forbidden(user, refused);
    }
    acting = impersonation.user;
    audit?.impersonating(acting);
  }
  const attributes = requestAttributes(req.method ?? 'GET', url);
  if (ANONYMOUS_PATHS.has(url.pathname)) return { user: acting };
  const decision = auth.rbac.authorize(acting, attributes);
  audit?.authorized(decision.allowed, decision.reason);
  return decision.allowed ? { user: acting } : forbidden(acting, attributes);
}

@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(@Inject(AUTH) private readonly auth: RequestAuth) {}

  use(req: AuthenticatedRequest, res: Response, next: NextFunction): void {
    admitRequest(this.auth, req, new URL(req.originalUrl, 'http://x')).then((verdict) => {
      if (verdict && 'status' in verdict) {
        res
          .status(verdict.status.code ?? 403)
          .type('application/json')
          .send(JSON.stringify(verdict.status));
        return;
      }
      if (verdict) {
        req.user = verdict.user;
        req.identity = { user: verdict.user.name };
      }
      next();
    }, next);
  }
}
