import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ensureClusterPki, ensureToken, kubeconfig, tokensEqual } from './index';

describe('cluster PKI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pki-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('issues a serving certificate the CA verifies, and serves TLS with it', async () => {
    const pki = await ensureClusterPki(dir, ['127.0.0.1', 'localhost']);
    const ca = new X509Certificate(pki.caCert);
    const server = new X509Certificate(pki.serverCert);
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect((await fs.stat(pki.caKeyPath)).mode & 0o777).toBe(0o600);

    const srv = https.createServer({ cert: pki.serverCert, key: pki.serverKey }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, ca: pki.caCert }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c)).on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(body).toBe('ok');
    } finally {
      srv.close();
    }
  });

  it('keeps the CA across restarts and reissues the server cert for new hosts', async () => {
    const first = await ensureClusterPki(dir, ['127.0.0.1']);
    const again = await ensureClusterPki(dir, ['127.0.0.1']);
    expect(again.caCert).toBe(first.caCert);
    expect(again.serverCert).toBe(first.serverCert);
    const wider = await ensureClusterPki(dir, ['127.0.0.1', '198.18.0.2']);
    expect(wider.caCert).toBe(first.caCert);
    expect(new X509Certificate(wider.serverCert).subjectAltName).toContain('IP Address:198.18.0.2');
  });

  it('creates a token once and writes a kubeconfig kubectl understands', async () => {
    const file = path.join(dir, 'token');
    const token = await ensureToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await ensureToken(file)).toBe(token);
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token, token.slice(1) + 'x')).toBe(false);
    const cfg = parse(kubeconfig({ server: 'https://127.0.0.1:6443', caCert: 'PEM', token }));
    expect(cfg.clusters[0].cluster).toEqual({
      server: 'https://127.0.0.1:6443',
      'certificate-authority-data': Buffer.from('PEM').toString('base64'),
    });
    expect(cfg.users[0].user.token).toBe(token);
    expect(cfg['current-context']).toBe('stevedore');
  });
});
