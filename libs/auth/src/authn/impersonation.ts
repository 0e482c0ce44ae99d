// Impersonation, as kube-apiserver: a caller sends Impersonate-User (and optionally
// Impersonate-Group, Impersonate-Uid, Impersonate-Extra-*) and, if it may `impersonate` each of
// them, the request runs as that user. `kubectl --as` and `--as-group` send these headers.
import type { IncomingHttpHeaders } from 'http';
import type { Attributes } from '../rbac/attributes';
import { serviceAccountOf, serviceAccountUser, type User, withAuthenticated } from '../user';

export interface Impersonation {
  user: User;
  /** What the caller must be allowed, one check per impersonated name, group, uid and extra value. */
  checks: Attributes[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const check = (resource: string, name: string, apiGroup = '', namespace?: string, subresource?: string): Attributes => ({
  verb: 'impersonate',
  resource,
  name,
  apiGroup,
  namespace,
  subresource,
  path: '',
});

/** The impersonation a request asks for, undefined when none; throws when groups come without a user. */
export function impersonationOf(headers: IncomingHttpHeaders): Impersonation | undefined {
  const name = list(headers['impersonate-user'])[0];
  const groups = list(headers['impersonate-group']);
  const uid = list(headers['impersonate-uid'])[0];
  const extraHeaders = Object.keys(headers).filter((h) => h.startsWith('impersonate-extra-'));
  if (!name) {
    if (groups.length || uid || extraHeaders.length) throw new Error('requested impersonation without a user');
    return undefined;
  }
  const checks: Attributes[] = [];
  const sa = serviceAccountOf(name);
  let user: User;
  if (sa) {
    checks.push(check('serviceaccounts', sa.name, '', sa.namespace));
    user = serviceAccountUser(sa.namespace, sa.name);
    user.groups = [...new Set([...user.groups, ...groups])];
  } else {
    checks.push(check('users', name));
    user = withAuthenticated({ name, groups });
  }
  for (const g of groups) checks.push(check('groups', g));
  if (uid) {
    checks.push(check('uids', uid, 'authentication.k8s.io'));
    user.uid = uid;
  }
  for (const h of extraHeaders) {
    const key = decodeURIComponent(h.slice('impersonate-extra-'.length));
    const values = list(headers[h]);
    for (const v of values) checks.push(check('userextras', v, 'authentication.k8s.io', undefined, key));
    user.extra = { ...user.extra, [key]: values };
  }
  return { user, checks };
}
