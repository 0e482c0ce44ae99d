// Secrets at rest: with --encryption-provider-config, `up` stores Secrets encrypted in etcd
// (kube-apiserver's k8s:enc:aescbc:v1:<key>: prefix), kubectl still reads them, and after a key
// rotation both `stevedore secrets reencrypt` and kubectl's get|replace store them with the new key.
// Also: the Store conformance suite over a real etcd with the decorator on, and a bad config refused.
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { describeStoreConformance } from '../../libs/store/src/conformance/store-conformance';
import { EncryptingStore } from '../../libs/store/src/encryption/encrypting-store';
import { parseEncryptionConfig } from '../../libs/store/src/encryption/encryption-config';
import { EtcdStore } from '../../libs/store/src/etcd/etcd-store';
import { freePort, makeTempDir, type RunningEtcd, startEtcd } from '../harness';
import { CLI } from './support/agent-process';
import { type ClusterProcess, startCluster } from './support/cluster-process';
import { readStoredValue } from './support/etcd-raw';

const run = promisify(execFile);
jest.setTimeout(240_000);

const PASSWORD = 'hunter2-plain';
const KEY = '/secrets/default/s';

/** An EncryptionConfiguration encrypting Secrets with aescbc keys, the first one encrypting. */
function encryptionConfig(keys: { name: string; secret: string }[]): string {
  const list = keys.map((k) => `          - name: ${k.name}\n            secret: ${k.secret}`).join('\n');
  return `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
${list}
      - identity: {}
`;
}

const newKey = (name: string) => ({ name, secret: randomBytes(32).toString('base64') });

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    }),
  );
}

describe('encryption at rest with stevedore up', () => {
  let cluster: ClusterProcess | undefined;
  let configFile: string;
  const [key1, key2, key3] = [newKey('key1'), newKey('key2'), newKey('key3')];

  beforeAll(async () => {
    configFile = path.join(await makeTempDir('stevedore-enc-'), 'encryption.yaml');
    await fs.writeFile(configFile, encryptionConfig([key1]));
    // No image is pulled here: the registry flag only has to name something.
    cluster = await startCluster({ insecureRegistry: '127.0.0.1:1', extraArgs: ['--encryption-provider-config', configFile] });
  });

  afterAll(async () => {
    if (cluster) expect((await cluster.destroy()).leftoverCgroups).toEqual([]);
    await fs.rm(path.dirname(configFile), { recursive: true, force: true });
  });

  /** Restarts `up` with the given keys, the first one encrypting. */
  async function rotateTo(keys: { name: string; secret: string }[]): Promise<void> {
    await fs.writeFile(configFile, encryptionConfig(keys));
    await cluster!.stop();
    await cluster!.restart();
  }

  const password = async () => (await cluster!.kubectl('get', 'secret', 's', '-o', 'jsonpath={.data.password}')).stdout;

  it('stores a created Secret encrypted with the first key, and kubectl reads it back', async () => {
    expect(await cluster!.kubectl('create', 'secret', 'generic', 's', `--from-literal=password=${PASSWORD}`)).toMatchObject({ code: 0 });
    const stored = await readStoredValue(cluster!.dataDir, KEY);
    expect(stored).toMatch(/^k8s:enc:aescbc:v1:key1:/);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(Buffer.from(await password(), 'base64').toString()).toBe(PASSWORD);
    // Resources the config does not name stay plain JSON.
    expect(await cluster!.kubectl('create', 'configmap', 'c', '--from-literal=visible=yes')).toMatchObject({ code: 0 });
    expect(JSON.parse((await readStoredValue(cluster!.dataDir, '/configmaps/default/c'))!).data).toEqual({ visible: 'yes' });
  });

  it('after a rotation reads with the old key, and `stevedore secrets reencrypt` moves Secrets to the new one', async () => {
    await rotateTo([key2, key1]);
    expect(await readStoredValue(cluster!.dataDir, KEY)).toMatch(/^k8s:enc:aescbc:v1:key1:/);
    expect(Buffer.from(await password(), 'base64').toString()).toBe(PASSWORD);
    const reencrypted = await cli('--kubeconfig', cluster!.kubeconfig, 'secrets', 'reencrypt');
    expect(reencrypted).toMatchObject({ code: 0, stdout: expect.stringContaining('secret/s -n default rewritten\n') });
    expect(reencrypted.stdout).toMatch(/^[1-9]\d* secrets rewritten$/m);
    expect(await readStoredValue(cluster!.dataDir, KEY)).toMatch(/^k8s:enc:aescbc:v1:key2:/);
    expect(Buffer.from(await password(), 'base64').toString()).toBe(PASSWORD);
  });

  it('also re-encrypts the Kubernetes way: kubectl get secrets -A -o json | kubectl replace -f -', async () => {
    await rotateTo([key3, key2]);
    const kubectl = `kubectl --kubeconfig '${cluster!.kubeconfig}'`;
    const replaced = await run('sh', ['-c', `${kubectl} get secrets -A -o json | ${kubectl} replace -f -`]);
    expect(replaced.stdout).toContain('secret/s replaced');
    expect(await readStoredValue(cluster!.dataDir, KEY)).toMatch(/^k8s:enc:aescbc:v1:key3:/);
    expect(Buffer.from(await password(), 'base64').toString()).toBe(PASSWORD);
  });

  it('will not start without a key its Secrets need, naming it, and starts again once it is back', async () => {
    await fs.writeFile(configFile, encryptionConfig([newKey('key4')]));
    await cluster!.stop();
    // The control plane's informers read every Secret at start: it stops rather than serve without them.
    await expect(cluster!.restart()).rejects.toThrow(
      /Error: cannot decrypt \/secrets\/[^:\s]+: no configured key matches its prefix k8s:enc:aescbc:v1:key3:/,
    );
    expect(cluster!.output()).not.toContain(PASSWORD);
    await rotateTo([key3]);
    expect(Buffer.from(await password(), 'base64').toString()).toBe(PASSWORD);
  });
});

describe('a bad encryption config', () => {
  it('stops the control plane at start, naming every problem', async () => {
    const dir = await makeTempDir('stevedore-enc-bad-');
    try {
      const file = path.join(dir, 'encryption.yaml');
      await fs.writeFile(
        file,
        `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aesgcm: {keys: [{name: k, secret: ${randomBytes(10).toString('base64')}}]}
      - kms: {name: vault, endpoint: unix:///tmp/kms.sock}
`,
      );
      const args = ['control-plane', '--data-dir', dir, '--etcd-endpoints', 'http://127.0.0.1:9', '--encryption-provider-config', file];
      const ports = ['--api-port', String(await freePort()), '--agent-port', String(await freePort())];
      const started = await cli(...args, ...ports);
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`invalid encryption provider config ${file}: `);
      expect(started.stderr).toContain(
        'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 10',
      );
      expect(started.stderr).toContain('resources[0].providers[1].kms: Unsupported value: stevedore has no KMS plugin support');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the Store conformance suite over a real etcd with encryption on', () => {
  let etcd: RunningEtcd;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  const config = parseEncryptionConfig(
    `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ["*.*"]
    providers: [{secretbox: {keys: [{name: k, secret: ${randomBytes(32).toString('base64')}}]}}]
`,
    'inline',
  );
  describeStoreConformance('EncryptingStore over EtcdStore', async () => {
    const store = new EncryptingStore(await EtcdStore.connect({ endpoints: [etcd.endpoint], tls: etcd.tls }), config);
    return { store, cleanup: () => store.close() };
  });
});
