import { Authenticator } from '@stevedore/auth';
import { ensureClusterPki, ensureFrontProxyPki, issueClientCert } from '@stevedore/pki';
import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import type { IncomingMessage } from 'http';
import * as os from 'os';
import * as path from 'path';
import { credentialsOf } from './auth.middleware';
import { type ClientCertTrust, clientCertTrust } from './client-certificates';

/** A request over a TLS socket that verified `cert` (PEM), with these headers. */
function request(cert: string | undefined, headers: Record<string, string[]> = {}): IncomingMessage {
  const socket = cert ? { authorized: true, getPeerX509Certificate: () => new X509Certificate(cert) } : { authorized: false };
  const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.join(', ')]));
  return { socket, headers: flat, headersDistinct: headers } as unknown as IncomingMessage;
}

describe('client certificates', () => {
  let dir: string;
  let trust: ClientCertTrust;
  let proxyCert: string;
  let userCert: string;
  const authenticator = new Authenticator([]);
  const who = (req: IncomingMessage) => authenticator.authenticate(credentialsOf(req, trust));

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'client-certs-'));
    const cluster = await ensureClusterPki(dir);
    const proxy = await ensureFrontProxyPki(dir);
    proxyCert = await fs.readFile(proxy.certFile, 'utf8');
    userCert = (await issueClientCert(dir, { user: 'jane', groups: ['devs', 'ops'], expiresSeconds: 3600 })).cert;
    trust = clientCertTrust(cluster.caCert, { caCert: await fs.readFile(proxy.caFile, 'utf8'), allowedNames: ['front-proxy-client'] });
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const proxied = { 'x-remote-user': ['alice'], 'x-remote-group': ['devs', 'system:masters'], 'x-remote-extra-scopes%2Fa': ['x', 'y'] };

  it("believes a front proxy's X-Remote-* headers", async () => {
    expect(await who(request(proxyCert, proxied))).toEqual({
      name: 'alice',
      groups: ['devs', 'system:masters', 'system:authenticated'],
      extra: { 'scopes/a': ['x', 'y'] },
    });
  });

  it('never lets the front-proxy certificate pass for a user of its own', async () => {
    expect(await who(request(proxyCert))).toBeUndefined();
  });

  it('refuses a front-proxy certificate whose name is not allowed', async () => {
    const strict = { ...trust, frontProxy: { ...trust.frontProxy!, allowedNames: ['aggregator'] } };
    expect(await authenticator.authenticate(credentialsOf(request(proxyCert, proxied), strict))).toBeUndefined();
    const any = { ...trust, frontProxy: { ...trust.frontProxy!, allowedNames: [] } };
    expect((await authenticator.authenticate(credentialsOf(request(proxyCert, proxied), any)))?.name).toBe('alice');
  });

  it('ignores X-Remote-* headers over a cluster CA certificate or no certificate', async () => {
    expect(await who(request(userCert, proxied))).toEqual({ name: 'jane', groups: ['devs', 'ops', 'system:authenticated'] });
    expect(await who(request(undefined, proxied))).toBeUndefined();
  });
});
