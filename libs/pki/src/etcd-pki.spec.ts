import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { ensureClusterPki, ensureEtcdPki } from './index';

/** Connects to a TLS server that requires client certificates; resolves with the server's reply or the error. */
function handshake(port: number, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () => socket.write('ping'));
    socket.on('data', (d) => {
      resolve(d.toString());
      socket.destroy();
    });
    socket.on('error', (err) => resolve(`error: ${err.message}`));
    socket.on('close', () => resolve('closed'));
  });
}

describe('etcd PKI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'etcd-pki-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('makes its own CA, server, peer and client certificates, keys readable by the owner only', async () => {
    const pki = await ensureEtcdPki(path.join(dir, 'etcd'));
    const ca = new X509Certificate(await fs.readFile(pki.caFile));
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=stevedore-etcd-ca');
    for (const file of [pki.serverCertFile, pki.peerCertFile, pki.client.certFile]) {
      expect(new X509Certificate(await fs.readFile(file)).verify(ca.publicKey)).toBe(true);
    }
    const server = new X509Certificate(await fs.readFile(pki.serverCertFile));
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(new X509Certificate(await fs.readFile(pki.client.certFile)).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect((await fs.stat(pki.dir)).mode & 0o777).toBe(0o700);
    for (const key of [path.join(pki.dir, 'ca.key'), pki.serverKeyFile, pki.peerKeyFile, pki.client.keyFile]) {
      expect((await fs.stat(key)).mode & 0o777).toBe(0o600);
    }
  });

  it('is not the cluster CA: a certificate of the cluster CA does not verify against it', async () => {
    const cluster = await ensureClusterPki(path.join(dir, 'pki'));
    const etcd = await ensureEtcdPki(path.join(dir, 'pki', 'etcd'));
    const etcdCa = new X509Certificate(await fs.readFile(etcd.caFile));
    expect(new X509Certificate(cluster.serverCert).verify(etcdCa.publicKey)).toBe(false);
  });

  it('keeps its certificates on a second call, and tightens a folder left group-readable', async () => {
    const first = await ensureEtcdPki(dir);
    const cert = await fs.readFile(first.client.certFile, 'utf8');
    await fs.chmod(dir, 0o755);
    const second = await ensureEtcdPki(dir);
    expect(await fs.readFile(second.client.certFile, 'utf8')).toBe(cert);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('serves mutual TLS: the client certificate is accepted, no certificate or another CA is refused', async () => {
    const pki = await ensureEtcdPki(path.join(dir, 'etcd'));
    const read = (f: string) => fs.readFile(f);
    const server = tls.createServer(
      {
        cert: await read(pki.serverCertFile),
        key: await read(pki.serverKeyFile),
        ca: await read(pki.caFile),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => socket.end('pong'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const ca = await read(pki.caFile);
      expect(await handshake(port, { ca, cert: await read(pki.client.certFile), key: await read(pki.client.keyFile) })).toBe('pong');
      expect(await handshake(port, { ca })).not.toBe('pong');
      const other = await ensureClusterPki(path.join(dir, 'cluster'));
      expect(await handshake(port, { ca, cert: other.serverCert, key: other.serverKey })).not.toBe('pong');
    } finally {
      server.close();
    }
  });

  it('reissues the serving and peer certificates to name a host address it moves to, keeping the CA and client certificate', async () => {
    const before = await ensureEtcdPki(path.join(dir, 'etcd'));
    const read = (file: string) => fs.readFile(file, 'utf8');
    const [ca, client] = [await read(before.caFile), await read(before.client.certFile)];
    const after = await ensureEtcdPki(path.join(dir, 'etcd'), ['127.0.0.1', 'localhost', '198.18.0.11']);
    for (const file of [after.serverCertFile, after.peerCertFile]) {
      expect(new X509Certificate(await fs.readFile(file)).subjectAltName).toContain('IP Address:198.18.0.11');
    }
    expect(await read(after.caFile)).toBe(ca);
    expect(await read(after.client.certFile)).toBe(client);
  });
});
