// The store is not a back door: the embedded etcd answers only to its own client certificate.
// A local user without it (uid 65534), and a hostNetwork pod that shares the host's 127.0.0.1,
// reach the port but get nothing; they cannot read the keys either. The cluster itself, which
// presents the certificate, works; `stevedore control-plane` reaches an external etcd with
// --etcd-cafile/--etcd-certfile/--etcd-keyfile and fails without them.
import { freePort, type RunningEtcd, spawnTracked, startEtcd, stopProcess, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CLI } from './support/agent-process';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

const run = promisify(execFile);
jest.setTimeout(240_000);

type Result = { code: number; out: string };

/** Runs a command, as uid/gid 65534 with no groups when `nobody`; exit code and stdout+stderr. */
async function runAs(nobody: boolean, cmd: string, ...args: string[]): Promise<Result> {
  const argv = nobody ? ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups', cmd, ...args] : [cmd, ...args];
  return run(argv[0]!, argv.slice(1), { timeout: 20_000, env: { ...process.env, ETCDCTL_API: '3' } }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof err.code === 'number' ? err.code : 1,
      out: (err.stdout ?? '') + (err.stderr ?? ''),
    }),
  );
}

describe('the embedded etcd of stevedore up', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let endpoint: string;
  let pkiDir: string;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
    endpoint = (await fs.readFile(path.join(cluster.dataDir, 'etcd.endpoint'), 'utf8')).trim();
    pkiDir = path.join(cluster.dataDir, 'pki', 'etcd');
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  it('serves https only, with certificates that only root can read', async () => {
    expect(endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await fs.stat(pkiDir)).mode & 0o777).toBe(0o700);
    for (const key of ['ca.key', 'server.key', 'peer.key', 'apiserver-etcd-client.key']) {
      expect([key, (await fs.stat(path.join(pkiDir, key))).mode & 0o777]).toEqual([key, 0o600]);
    }
    const nobodyReads = await runAs(true, 'cat', path.join(pkiDir, 'apiserver-etcd-client.key'));
    expect(nobodyReads.code).not.toBe(0);
    expect(nobodyReads.out).toContain('Permission denied');
  });

  it('refuses a local user without the client certificate, over HTTP and over HTTPS', async () => {
    expect((await cluster.kubectl('create', 'secret', 'generic', 'vault', '--from-literal=password=hunter2')).code).toBe(0);
    const body = '{"key":"Lw==","range_end":"AA=="}'; // every key, as etcd's JSON gateway takes it
    const plain = await runAs(
      true,
      'curl',
      '-sS',
      '-w',
      '\nstatus=%{http_code}',
      '-d',
      body,
      `${endpoint.replace('https:', 'http:')}/v3/kv/range`,
    );
    // etcd reads a TLS handshake on its port and closes a connection that is not one.
    expect(plain).toMatchObject({ code: 52, out: expect.stringContaining('Empty reply from server') });
    const noCert = await runAs(true, 'curl', '-sS', '-k', '-w', '\nstatus=%{http_code}', '-d', body, `${endpoint}/v3/kv/range`);
    expect(noCert.code).not.toBe(0);
    expect(noCert.out).not.toContain('status=200');
    // With TLS 1.2 the refusal comes inside the handshake, where curl names it.
    const version = await runAs(true, 'curl', '-sS', '-k', '--tls-max', '1.2', `${endpoint}/version`);
    expect(version.code).not.toBe(0);
    expect(version.out).toMatch(/alert bad certificate|certificate required/);
    const etcdctl = await runAs(
      true,
      'etcdctl',
      '--endpoints',
      endpoint,
      '--insecure-skip-tls-verify',
      '--dial-timeout',
      '3s',
      'get',
      '/',
      '--prefix',
    );
    expect(etcdctl.code).not.toBe(0);
    for (const answer of [plain, noCert, version, etcdctl]) expect(answer.out).not.toContain('vault');

    // The same requests with the client certificate (root, as the control plane) do get the Secret.
    const tls = ['--cacert', path.join(pkiDir, 'ca.crt'), '--cert', path.join(pkiDir, 'apiserver-etcd-client.crt')];
    const withCert = await runAs(
      false,
      'etcdctl',
      '--endpoints',
      endpoint,
      ...tls,
      '--key',
      path.join(pkiDir, 'apiserver-etcd-client.key'),
      'get',
      '/',
      '--prefix',
      '--keys-only',
    );
    expect(withCert).toMatchObject({ code: 0, out: expect.stringContaining('/secrets/default/vault') });
  });

  it('refuses a hostNetwork pod, which reaches its port on 127.0.0.1', async () => {
    const port = new URL(endpoint).port;
    const script = [
      `timeout 10 wget -O- http://127.0.0.1:${port}/version; echo plain=$?`,
      `timeout 10 wget -O- https://127.0.0.1:${port}/version; echo tls=$?`,
    ].join('; ');
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: etcd-probe}
spec:
  hostNetwork: true
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers: [{name: probe, image: ${setup!.images.busybox}, command: [sh, -c, ${JSON.stringify(`(${script}) 2>&1`)}]}]
`;
    expect((await applyManifest(cluster, 'etcd-probe', manifest)).code).toBe(0);
    const phase = async () => (await cluster.kubectl('get', 'pod', 'etcd-probe', '-o', 'jsonpath={.status.phase}')).stdout;
    await waitFor(async () => (await phase()) === 'Succeeded', { what: 'the probe pod to finish', timeoutMs: 90_000 });
    const logs = (await cluster.kubectl('logs', 'etcd-probe')).stdout;
    expect(logs).toMatch(/plain=[1-9]/);
    // Both connected (nothing was refused at TCP); etcd then ended the handshake for want of a
    // certificate (an alert, or a reset when it comes after busybox's last handshake message):
    // the network lets the pod in, the certificate keeps it out.
    expect(logs).not.toContain('Connection refused');
    expect(logs).toMatch(/TLS error from peer \(alert code 42\)|Connection reset by peer/);
    expect(logs).toMatch(/tls=[1-9]/);
    expect(logs).not.toContain('etcdserver');
  });
});

describe('stevedore control-plane with an external etcd', () => {
  let etcd: RunningEtcd | undefined;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => etcd?.stop());

  const launch = async (etcdArgs: string[]) => {
    const dir = await fs.mkdtemp(path.join(etcd!.dataDir, 'cp-'));
    const args = ['control-plane', '--data-dir', dir, '--api-port', String(await freePort()), '--agent-port', String(await freePort())];
    const child = spawnTracked(process.execPath, [CLI, ...args, ...etcdArgs]);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    return { child, output: () => output };
  };

  it('connects with --etcd-cafile, --etcd-certfile and --etcd-keyfile', async () => {
    const cp = await launch(etcd!.flags());
    try {
      await waitFor(async () => cp.output().includes('control plane up') || cp.child.exitCode !== null, {
        what: 'the control plane to start',
        timeoutMs: 60_000,
      });
      expect(cp.output()).toContain('control plane up');
    } finally {
      await stopProcess(cp.child);
    }
  });

  it('is refused by up without --etcd-endpoints: the embedded etcd has certificates of its own', async () => {
    const dir = await fs.mkdtemp(path.join(etcd!.dataDir, 'up-'));
    const up = await runAs(false, process.execPath, CLI, 'up', '--data-dir', dir, '--etcd-cafile', etcd!.tls.caFile);
    expect(up.code).toBe(1);
    expect(up.out).toContain('--etcd-cafile, --etcd-certfile and --etcd-keyfile go with --etcd-endpoints');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('fails to start without a client certificate', async () => {
    const cp = await launch(['--etcd-endpoints', etcd!.endpoint, '--etcd-cafile', etcd!.tls.caFile]);
    try {
      await waitFor(async () => cp.child.exitCode !== null, { what: 'the control plane to give up', timeoutMs: 60_000 });
      expect(cp.child.exitCode).not.toBe(0);
      expect(cp.output()).not.toContain('control plane up');
      expect(cp.output()).toMatch(/etcd/i);
    } finally {
      await stopProcess(cp.child);
    }
  });
});
