// Signs and verifies ServiceAccount tokens with one ES256 key kept in the control plane's PKI
// directory (made on first start, owner-only), so tokens survive restarts. The key id is the
// SHA-256 of the public key, as kube-apiserver derives it, and the JWKS publishes that key.
import { writeFileAtomic } from '@stevedore/files';
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'crypto';
import { promises as fs } from 'fs';
import { exportJWK, importPKCS8, type JWK, jwtVerify, SignJWT } from 'jose';
import type { LegacyClaims } from './legacy-token-claims';
import type { ServiceAccountClaims } from './token-claims';

const ALG = 'ES256';

export class TokenSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: KeyObject,
    private readonly publicJwk: JWK,
    readonly keyId: string,
  ) {}

  /** Loads the signing key at `file`, making it on first use. */
  static async open(file: string): Promise<TokenSigner> {
    const pem = await readOrCreateKey(file);
    const publicKey = createPublicKey(pem);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const keyId = createHash('sha256').update(der).digest('base64url');
    const jwk = { ...(await exportJWK(publicKey)), kid: keyId, use: 'sig', alg: ALG };
    return new TokenSigner(await importPKCS8(pem, ALG), publicKey, jwk, keyId);
  }

  sign(claims: ServiceAccountClaims | LegacyClaims): Promise<string> {
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: ALG, kid: this.keyId }).sign(this.privateKey);
  }

  /**
   * The claims of a token this signer made, if its signature holds and it is current at `now`
   * (seconds); throws otherwise. Audiences are checked by the caller, which knows its own.
   */
  async verify(token: string, now: number): Promise<ServiceAccountClaims | LegacyClaims> {
    const { payload } = await jwtVerify(token, this.publicKeyForVerify(), { algorithms: [ALG], currentDate: new Date(now * 1000) });
    return payload as unknown as ServiceAccountClaims | LegacyClaims;
  }

  /** The JSON Web Key Set served at /openid/v1/jwks. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  private publicKeyForVerify(): (header: { kid?: string }) => Promise<KeyObject> {
    return async (header) => {
      if (header.kid !== undefined && header.kid !== this.keyId) throw new Error('token signed by an unknown key');
      return this.publicKey;
    };
  }
}

async function readOrCreateKey(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFileAtomic(file, pem, 0o600);
  return pem;
}
