// Issuing and checking bound ServiceAccount tokens. A token names its ServiceAccount and, when
// bound, a Pod or Secret, each with its uid; it authenticates only while all of them still exist
// with those uids, so deleting the pod (or the account) revokes every token made for it.
import { serviceAccountUser, type User } from '../user';
import { LEGACY_ISSUER, type LegacyClaims, type LegacyTokenInput, legacyClaims, legacyTokenInput } from './legacy-token-claims';
import { type BoundObject, type ServiceAccountClaims, type ServiceAccountRef, serviceAccountClaims } from './token-claims';
import type { TokenSigner } from './token-signer';

/** Reads the uid of a live object, or undefined when it does not exist or is being deleted. */
export type UidLookup = (kind: 'ServiceAccount' | 'Pod' | 'Secret', namespace: string, name: string) => Promise<string | undefined>;

export interface IssueRequest {
  serviceAccount: ServiceAccountRef;
  audiences?: string[];
  expirationSeconds: number;
  bound?: BoundObject;
  now: number;
}

export class ServiceAccountTokens {
  constructor(
    private readonly signer: TokenSigner,
    /** The issuer URL, which is also the API's own audience, as kube-apiserver's default. */
    readonly issuer: string,
    private readonly uidOf: UidLookup,
  ) {}

  async issue(request: IssueRequest): Promise<{ token: string; claims: ServiceAccountClaims }> {
    const audiences = request.audiences?.length ? request.audiences : [this.issuer];
    const claims = serviceAccountClaims({ ...request, audiences, issuer: this.issuer });
    return { token: await this.signer.sign(claims), claims };
  }

  /** A legacy token for a `kubernetes.io/service-account-token` Secret: no expiry, revoked with the Secret. */
  issueLegacy(input: LegacyTokenInput): Promise<string> {
    return this.signer.sign(legacyClaims(input));
  }

  /**
   * The user a token authenticates as, or undefined when it is not a ServiceAccount token of this
   * issuer for this API, has expired, or names an object that is gone.
   */
  async authenticate(token: string, now: number): Promise<User | undefined> {
    if (token.split('.').length !== 3) return undefined;
    let verified: ServiceAccountClaims | LegacyClaims;
    try {
      verified = await this.signer.verify(token, now);
    } catch {
      return undefined; // a bad signature or an expired token is simply not a credential: 401
    }
    if (verified.iss === LEGACY_ISSUER) return this.legacyUser(verified as LegacyClaims);
    const claims = verified as ServiceAccountClaims;
    if (claims.iss !== this.issuer || !(claims.aud ?? []).includes(this.issuer)) return undefined;
    const k8s = claims['kubernetes.io'];
    if (!k8s?.namespace || !k8s.serviceaccount) return undefined;
    if ((await this.uidOf('ServiceAccount', k8s.namespace, k8s.serviceaccount.name)) !== k8s.serviceaccount.uid) return undefined;
    if (k8s.pod && (await this.uidOf('Pod', k8s.namespace, k8s.pod.name)) !== k8s.pod.uid) return undefined;
    if (k8s.secret && (await this.uidOf('Secret', k8s.namespace, k8s.secret.name)) !== k8s.secret.uid) return undefined;
    const user = serviceAccountUser(k8s.namespace, k8s.serviceaccount.name, k8s.serviceaccount.uid);
    const extra: Record<string, string[]> = {};
    if (k8s.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid];
    }
    if (claims.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
    return Object.keys(extra).length ? { ...user, extra } : user;
  }

  /** A legacy token's user, while its Secret and ServiceAccount still exist with the uids it names. */
  private async legacyUser(claims: LegacyClaims): Promise<User | undefined> {
    const input = legacyTokenInput(claims);
    if (!input) return undefined;
    const { namespace, secret, serviceAccount } = input;
    if ((await this.uidOf('ServiceAccount', namespace, serviceAccount.name)) !== serviceAccount.uid) return undefined;
    if ((await this.uidOf('Secret', namespace, secret.name)) !== secret.uid) return undefined;
    return serviceAccountUser(namespace, serviceAccount.name, serviceAccount.uid);
  }
}
