import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ServiceAccountTokens } from './service-account-tokens';
import { tokenRequestProblems } from './token-claims';
import { TokenSigner } from './token-signer';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const NOW = 1_800_000_000;
const sa = { namespace: 'team', name: 'builder', uid: 'sa-uid' };

async function setup(live: Record<string, string>) {
  const signer = await TokenSigner.open(path.join(mkdtempSync(path.join(tmpdir(), 'sa-')), 'sa.key'));
  const tokens = new ServiceAccountTokens(signer, ISSUER, async (kind, ns, name) => live[`${kind}/${ns}/${name}`]);
  return { signer, tokens };
}

describe('ServiceAccount tokens', () => {
  it('carry the claims kube-apiserver issues and authenticate as the account', async () => {
    const { tokens } = await setup({ 'ServiceAccount/team/builder': 'sa-uid', 'Pod/team/web': 'pod-uid' });
    const { token, claims } = await tokens.issue({
      serviceAccount: sa,
      expirationSeconds: 3600,
      now: NOW,
      bound: { kind: 'Pod', name: 'web', uid: 'pod-uid' },
    });
    expect(claims).toMatchObject({
      iss: ISSUER,
      sub: 'system:serviceaccount:team:builder',
      aud: [ISSUER],
      iat: NOW,
      nbf: NOW,
      exp: NOW + 3600,
      'kubernetes.io': { namespace: 'team', serviceaccount: { name: 'builder', uid: 'sa-uid' }, pod: { name: 'web', uid: 'pod-uid' } },
    });
    const user = await tokens.authenticate(token, NOW + 10);
    expect(user?.name).toBe('system:serviceaccount:team:builder');
    expect(user?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
    expect(user?.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['web']);
  });

  it('stop authenticating once expired, once the bound pod is gone, or when the account was recreated', async () => {
    const live: Record<string, string> = { 'ServiceAccount/team/builder': 'sa-uid', 'Pod/team/web': 'pod-uid' };
    const { tokens } = await setup(live);
    const { token } = await tokens.issue({
      serviceAccount: sa,
      expirationSeconds: 600,
      now: NOW,
      bound: { kind: 'Pod', name: 'web', uid: 'pod-uid' },
    });
    expect(await tokens.authenticate(token, NOW + 601)).toBeUndefined();
    live['Pod/team/web'] = 'another-uid';
    expect(await tokens.authenticate(token, NOW + 1)).toBeUndefined();
    live['Pod/team/web'] = 'pod-uid';
    delete live['ServiceAccount/team/builder'];
    expect(await tokens.authenticate(token, NOW + 1)).toBeUndefined();
  });

  it('refuse tokens for other audiences, from other keys, and malformed ones', async () => {
    const live = { 'ServiceAccount/team/builder': 'sa-uid' };
    const { tokens } = await setup(live);
    const other = await setup(live);
    const vault = await tokens.issue({ serviceAccount: sa, audiences: ['vault'], expirationSeconds: 3600, now: NOW });
    expect(await tokens.authenticate(vault.token, NOW)).toBeUndefined();
    const foreign = await other.tokens.issue({ serviceAccount: sa, expirationSeconds: 3600, now: NOW });
    expect(await tokens.authenticate(foreign.token, NOW)).toBeUndefined();
    expect(await tokens.authenticate('not.a.jwt', NOW)).toBeUndefined();
    const mine = await tokens.issue({ serviceAccount: sa, expirationSeconds: 3600, now: NOW });
    const [h, p, s] = mine.token.split('.');
    expect(await tokens.authenticate(`${h}.${p}x.${s}`, NOW)).toBeUndefined();
  });

  it('publish the verifying key in the JWKS under the header key id', async () => {
    const { signer, tokens } = await setup({});
    const { token } = await tokens.issue({ serviceAccount: sa, expirationSeconds: 3600, now: NOW });
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', kid: signer.keyId });
    expect(signer.jwks().keys).toEqual([expect.objectContaining({ kid: signer.keyId, kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256' })]);
    expect(JSON.stringify(signer.jwks())).not.toContain('"d"');
  });

  it('refuse a lifetime under ten minutes and unknown bound kinds', () => {
    expect(tokenRequestProblems({ audiences: [], expirationSeconds: 599 })[0]?.message).toBe(
      'Invalid value: 599: may not specify a duration less than 10 minutes',
    );
    expect(tokenRequestProblems({ audiences: [], boundObjectRef: { kind: 'Node', name: 'n' } })[0]?.field).toBe('spec.boundObjectRef.kind');
    expect(tokenRequestProblems({ audiences: [], expirationSeconds: 600 })).toEqual([]);
  });
});
