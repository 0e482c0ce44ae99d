// Authorization of upgraded requests (exec, attach, port-forward), as of any other: kube-apiserver
// answers an unknown credential 401 and a known user lacking `create` on the subresource 403 with
// its usual message, before any stream is opened.
import type { Status } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import type { IncomingMessage } from 'http';
import { admitRequest, type RequestAuth } from './auth.middleware';

export interface UpgradeVerdict {
  authenticated: boolean;
  /** Who acts (after impersonation), for CONNECT admission. */
  user?: User;
  /** The Status to answer instead of upgrading (401, 403, or 400 for a bad impersonation header). */
  refusal?: Status;
}

export async function admitUpgrade(auth: RequestAuth, req: IncomingMessage): Promise<UpgradeVerdict> {
  const verdict = await admitRequest(auth, req, new URL(req.url ?? '/', 'https://localhost'));
  if (!verdict) return { authenticated: false };
  if ('status' in verdict) return { authenticated: false, refusal: verdict.status };
  return { authenticated: true, user: verdict.user };
}
