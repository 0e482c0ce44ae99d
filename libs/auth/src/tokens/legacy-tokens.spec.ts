import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { LEGACY_ISSUER } from './legacy-token-claims';
import { ServiceAccountTokens } from './service-account-tokens';
import { TokenSigner } from './token-signer';

const NOW = 1_800_000_000;
const input = { namespace: 'team', secret: { name: 'builder-token', uid: 's-uid' }, serviceAccount: { name: 'builder', uid: 'sa-uid' } };

async function tokensWith(live: Record<string, string>) {
  const signer = await TokenSigner.open(path.join(mkdtempSync(path.join(tmpdir(), 'legacy-')), 'sa.key'));
  return new ServiceAccountTokens(
    signer,
    'https://kubernetes.default.svc.cluster.local',
    async (kind, ns, name) => live[`${kind}/${ns}/${name}`],
  );
}

describe('legacy ServiceAccount tokens', () => {
  const live = { 'ServiceAccount/team/builder': 'sa-uid', 'Secret/team/builder-token': 's-uid' };

  it('carry the legacy claims, never expire and authenticate as the account', async () => {
    const tokens = await tokensWith(live);
    const token = await tokens.issueLegacy(input);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: LEGACY_ISSUER,
      sub: 'system:serviceaccount:team:builder',
      'kubernetes.io/serviceaccount/namespace': 'team',
      'kubernetes.io/serviceaccount/secret.name': 'builder-token',
      'kubernetes.io/serviceaccount/service-account.name': 'builder',
      'kubernetes.io/serviceaccount/service-account.uid': 'sa-uid',
    });
    expect(claims.exp).toBeUndefined();
    const user = await tokens.authenticate(token, NOW + 10 * 365 * 24 * 3600);
    expect(user).toMatchObject({ name: 'system:serviceaccount:team:builder', uid: 'sa-uid' });
    expect(user?.groups).toContain('system:serviceaccounts:team');
  });

  it('stop working when the Secret is deleted or recreated, or the account is gone', async () => {
    const state: Record<string, string> = { ...live };
    const tokens = await tokensWith(state);
    const token = await tokens.issueLegacy(input);
    expect(await tokens.authenticate(await (await tokensWith(live)).issueLegacy(input), NOW)).toBeUndefined(); // another key
    expect(await tokens.authenticate(token, NOW)).toBeDefined();
    delete state['Secret/team/builder-token'];
    expect(await tokens.authenticate(token, NOW)).toBeUndefined();
    state['Secret/team/builder-token'] = 'recreated-uid';
    expect(await tokens.authenticate(token, NOW)).toBeUndefined();
    state['Secret/team/builder-token'] = 's-uid';
    delete state['ServiceAccount/team/builder'];
    expect(await tokens.authenticate(token, NOW)).toBeUndefined();
  });
});
