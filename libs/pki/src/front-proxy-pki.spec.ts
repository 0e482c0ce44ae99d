import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureClusterPki, ensureFrontProxyPki } from './index';

describe('front-proxy PKI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'front-proxy-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('issues a front-proxy-client certificate for client auth, signed by its own CA and not the cluster CA', async () => {
    const pki = await ensureFrontProxyPki(dir);
    const cluster = await ensureClusterPki(dir);
    const ca = new X509Certificate(await fs.readFile(pki.caFile));
    const client = new X509Certificate(await fs.readFile(pki.certFile));
    expect(ca.ca).toBe(true);
    expect(client.subject).toBe('CN=front-proxy-client');
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.verify(new X509Certificate(cluster.caCert).publicKey)).toBe(false);
    expect((await fs.stat(pki.keyFile)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.join(dir, 'front-proxy-ca.key'))).mode & 0o777).toBe(0o600);
  });

  it('keeps its certificates on a second call, and reissues the client one when the CA is new', async () => {
    const first = await ensureFrontProxyPki(dir);
    const cert = await fs.readFile(first.certFile, 'utf8');
    expect(await fs.readFile((await ensureFrontProxyPki(dir)).certFile, 'utf8')).toBe(cert);
    await fs.rm(first.caFile);
    const again = await ensureFrontProxyPki(dir);
    const client = new X509Certificate(await fs.readFile(again.certFile));
    expect(client.verify(new X509Certificate(await fs.readFile(again.caFile)).publicKey)).toBe(true);
  });
});
