import { logger } from '@stevedore/log';
import { ensureClusterPki, ensureEtcdPki } from '@stevedore/pki';
import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { caCertHash } from './ca-hash';
import { writeJoinBundle } from './join-bundle';
import { discoverClusterCa, fetchControlPlaneBundle, fetchWorkerCredentials } from './join-client';
import { type JoinServer, startJoinServer } from './join-server';

describe('the join service', () => {
  let dir: string;
  let server: JoinServer;
  let caCert: string;
  const admitted: string[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'join-server-'));
    const pki = await ensureClusterPki(path.join(dir, 'pki'));
    await ensureEtcdPki(path.join(dir, 'pki', 'etcd'));
    await fs.writeFile(path.join(dir, 'pki', 'admin.token'), 'admin\n', { mode: 0o600 });
    caCert = pki.caCert;
    server = await startJoinServer({
      dataDir: dir,
      address: '127.0.0.1',
      port: 0,
      caCert,
      cert: pki.serverCert,
      key: pki.serverKey,
      token: 'cp-token',
      worker: {
        token: 'worker-token',
        admit: async (name) => {
          admitted.push(name);
          return { nodeToken: `node-${name}`, servers: ['198.18.0.11:6444'], insecureRegistries: [] };
        },
      },
      etcdEndpoints: async () => ['https://198.18.0.11:2379'],
      log: logger('join-test'),
    });
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('answers the cluster CA to anyone, accepted only under its hash', async () => {
    expect(await discoverClusterCa(server.address, caCertHash(caCert))).toBe(caCert);
    await expect(discoverClusterCa(server.address, `sha256:${'1'.repeat(64)}`)).rejects.toThrow('refusing to join');
  });

  it('refuses a wrong token, and the worker token on the control-plane path', async () => {
    await expect(fetchControlPlaneBundle(server.address, caCert, 'nope', { name: 'cp2', address: '198.18.0.12' })).rejects.toThrow(
      'the join server refused (401): the control-plane join token is not valid',
    );
    await expect(fetchControlPlaneBundle(server.address, caCert, 'worker-token', { name: 'cp2', address: '198.18.0.12' })).rejects.toThrow(
      '(401)',
    );
    await expect(fetchWorkerCredentials(server.address, caCert, 'cp-token', 'w1')).rejects.toThrow(
      'the join server refused (401): the worker join token is not valid',
    );
    expect(admitted).toEqual([]);
  });

  it('refuses a name or an address that is not one, with the field', async () => {
    await expect(
      fetchControlPlaneBundle(server.address, caCert, 'cp-token', { name: 'Not_A_Name', address: '198.18.0.12' }),
    ).rejects.toThrow('the join server refused (400): name:');
    await expect(fetchControlPlaneBundle(server.address, caCert, 'cp-token', { name: 'cp2', address: 'somewhere' })).rejects.toThrow(
      'the join server refused (400): address:',
    );
  });

  it("hands a control plane the shared PKI and an etcd member certificate for its address, not this host's serving key", async () => {
    const bundle = await fetchControlPlaneBundle(server.address, caCert, 'cp-token', { name: 'cp2', address: '198.18.0.12' });
    expect(bundle.etcdEndpoints).toEqual(['https://198.18.0.11:2379']);
    expect(Object.keys(bundle.files)).toEqual(expect.arrayContaining(['pki/ca.crt', 'pki/ca.key', 'pki/admin.token', 'pki/etcd/ca.key']));
    expect(Object.keys(bundle.files)).not.toContain('pki/apiserver.key');
    const etcdCa = new X509Certificate(bundle.files['pki/etcd/ca.crt']!);
    expect(etcdCa.raw).toEqual(new X509Certificate(await fs.readFile(path.join(dir, 'pki', 'etcd', 'ca.crt'))).raw);
    for (const name of ['server.crt', 'peer.crt']) {
      const cert = new X509Certificate(bundle.files[`pki/etcd/${name}`]!);
      expect(cert.verify(etcdCa.publicKey)).toBe(true);
      expect(cert.subjectAltName).toContain('IP Address:198.18.0.12');
    }
    // This host's own certificates are left as they were.
    const own = new X509Certificate(await fs.readFile(path.join(dir, 'pki', 'etcd', 'peer.crt')));
    expect(own.subjectAltName).not.toContain('198.18.0.12');

    const joiner = path.join(dir, 'joiner');
    await writeJoinBundle(joiner, bundle);
    expect((await fs.stat(path.join(joiner, 'pki', 'etcd', 'peer.key'))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.join(joiner, 'pki', 'etcd'))).mode & 0o777).toBe(0o700);
    expect(await fs.readFile(path.join(joiner, 'pki', 'admin.token'), 'utf8')).toBe('admin\n');
  });

  it('gives a worker its node token and the servers to connect to', async () => {
    expect(await fetchWorkerCredentials(server.address, caCert, 'worker-token', 'w1')).toEqual({
      nodeToken: 'node-w1',
      servers: ['198.18.0.11:6444'],
      insecureRegistries: [],
    });
    expect(admitted).toEqual(['w1']);
  });

  it('writes no file a bundle places outside pki/', async () => {
    const target = path.join(dir, 'evil');
    await expect(writeJoinBundle(target, { files: { '../outside': 'x' }, etcdEndpoints: [] })).rejects.toThrow('outside pki/');
    await expect(writeJoinBundle(target, { files: { 'agent/x': 'x' }, etcdEndpoints: [] })).rejects.toThrow('outside pki/');
    await expect(fs.access(path.join(dir, 'outside'))).rejects.toThrow();
  });
});
