// Turns a request's credentials into a user, trying what kube-apiserver tries: a front proxy's
// word for who asks (its X-Remote-* headers over its verified client certificate), a client
// certificate the cluster CA signed (CN is the user, O the groups), then the bearer token, either
// one of the static tokens (the admin's) or a ServiceAccount token this control plane signed.
import { tokensEqual } from '@stevedore/pki';
import type { ServiceAccountTokens } from '../tokens/service-account-tokens';
import { type User, withAuthenticated } from '../user';

export interface Credentials {
  bearer?: string;
  /** The subject of a client certificate that verified against the cluster CA. */
  certificate?: { commonName: string; organizations: string[] };
  /** The user an authenticated front proxy (a front-proxy CA certificate with an allowed name) vouches for. */
  proxied?: User;
}

export interface StaticToken {
  token: string;
  user: User;
}

export class Authenticator {
  constructor(
    private readonly staticTokens: StaticToken[],
    private readonly serviceAccounts?: ServiceAccountTokens,
  ) {}

  /** The user, or undefined when the credentials given prove nothing (a 401). */
  async authenticate(credentials: Credentials, now = Math.floor(Date.now() / 1000)): Promise<User | undefined> {
    if (credentials.proxied?.name) return withAuthenticated(credentials.proxied);
    const cert = credentials.certificate;
    if (cert?.commonName) return withAuthenticated({ name: cert.commonName, groups: cert.organizations });
    const token = credentials.bearer;
    if (!token) return undefined;
    const known = this.staticTokens.find((t) => tokensEqual(t.token, token));
    if (known) return withAuthenticated(known.user);
    return this.serviceAccounts?.authenticate(token, now);
  }
}

/** The bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}
