// Registry authentication: anonymous first; on 401 follow the WWW-Authenticate challenge
// (Bearer token from the realm, or Basic with configured credentials), once per scope.
import { readLimited, send } from './http';
import { RegistryError } from './registry-error';

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: 'bearer' | 'basic';
  params: Record<string, string>;
}

export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'basic') return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"|(\w+)=([^,\s]+)/g)) params[(p[1] ?? p[3])!] = (p[2] ?? p[4])!;
  return { scheme, params };
}

/** Asks the token realm for a bearer token, refusing to send credentials where they could leak. */
export async function fetchToken(
  challenge: Challenge,
  registryHost: string,
  insecureAllowed: boolean,
  creds?: Credentials,
): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new RegistryError('UNAUTHORIZED', `registry ${registryHost} sent a Bearer challenge without a realm`);
  const url = new URL(realm);
  if (url.protocol === 'http:' && !insecureAllowed) {
    throw new RegistryError('UNAUTHORIZED', `refusing to ask for a token over plain http at ${url.host}`);
  }
  if (creds && url.protocol === 'http:' && url.host !== registryHost) {
    throw new RegistryError('UNAUTHORIZED', `refusing to send credentials over plain http to ${url.host}`);
  }
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  if (challenge.params.scope) url.searchParams.set('scope', challenge.params.scope);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (creds) headers.Authorization = basic(creds);
  const res = await send({ method: 'GET', url, headers });
  const body = (await readLimited(res.body, 1 << 20, 'token response')).toString('utf8');
  if (res.status !== 200)
    throw new RegistryError(
      res.status === 401 || res.status === 403 ? 'DENIED' : 'UNAUTHORIZED',
      `token request to ${url.host} failed with ${res.status}`,
      res.status,
    );
  const parsed = JSON.parse(body) as { token?: string; access_token?: string };
  const token = parsed.token ?? parsed.access_token;
  if (!token) throw new RegistryError('UNAUTHORIZED', `token response from ${url.host} carried no token`);
  return token;
}

export function basic(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}
