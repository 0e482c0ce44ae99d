// Identity with the real kubectl on the all-in-one cluster: ServiceAccount tokens from
// `kubectl create token`, `kubectl auth whoami`, a user's certificate kubeconfig from
// `stevedore kubeconfig` refused until a RoleBinding grants view, `--as` with `auth can-i`,
// a token that stops working once its ServiceAccount is deleted, and the token every pod finds
// at the well-known path unless it turns automounting off.

import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { CLI } from './support/agent-process';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

const run = promisify(execFile);
jest.setTimeout(180_000);

describe('identity and access', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);

  it('issues ServiceAccount tokens that authenticate as the account until it is deleted', async () => {
    expect((await kubectl('create', 'serviceaccount', 'robot')).code).toBe(0);
    const token = (await kubectl('create', 'token', 'robot', '--duration', '20m')).stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:robot', 'kubernetes.io': { namespace: 'default' } });
    expect(claims.exp - claims.iat).toBe(1200);
    const whoami = await kubectl('--token', token, 'auth', 'whoami');
    expect(whoami.stdout).toMatch(/Username\s+system:serviceaccount:default:robot/);
    const refused = await kubectl('--token', token, 'get', 'pods');
    expect(refused.stderr).toContain(
      'pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect((await kubectl('delete', 'serviceaccount', 'robot')).code).toBe(0);
    expect((await kubectl('--token', token, 'auth', 'whoami')).stderr).toContain('Unauthorized');
  });

  it('gives a new user a certificate kubeconfig that RBAC limits', async () => {
    const file = path.join(cluster.dataDir, 'alice.kubeconfig');
    await run(process.execPath, [CLI, 'kubeconfig', '--data-dir', cluster.dataDir, '--user', 'alice', '--group', 'dev', '-o', file]);
    const asAlice = (...args: string[]) => kubectl('--kubeconfig', file, ...args);
    expect((await asAlice('auth', 'whoami')).stdout).toMatch(/Groups\s+\[dev system:authenticated\]/);
    expect((await asAlice('get', 'pods')).stderr).toContain('User "alice" cannot list resource "pods"');
    expect((await kubectl('create', 'rolebinding', 'alice-view', '--clusterrole=view', '--user=alice')).code).toBe(0);
    expect((await asAlice('get', 'pods')).code).toBe(0);
    expect((await asAlice('get', 'secrets')).stderr).toContain('User "alice" cannot list resource "secrets"');
    expect((await asAlice('get', 'pods', '-n', 'kube-system')).code).not.toBe(0);
  });

  it('answers auth can-i for impersonated users', async () => {
    expect((await kubectl('auth', 'can-i', 'list', 'pods', '--as', 'alice')).stdout.trim()).toBe('yes');
    expect((await kubectl('auth', 'can-i', 'delete', 'pods', '--as', 'alice')).stdout.trim()).toBe('no');
    expect((await kubectl('auth', 'can-i', 'list', 'pods', '--as', 'bob')).stdout.trim()).toBe('no');
  });

  it('mounts a pod-bound token at the well-known path unless the pod turns automounting off', async () => {
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    const podYaml = (name: string, automount: boolean) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  automountServiceAccountToken: ${automount}
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
`;
    expect((await applyManifest(cluster, 'with-token', podYaml('with-token', true))).code).toBe(0);
    expect((await applyManifest(cluster, 'no-token', podYaml('no-token', false))).code).toBe(0);
    for (const name of ['with-token', 'no-token'])
      expect((await kubectl('wait', '--for=condition=Ready', `pod/${name}`, '--timeout=90s')).code).toBe(0);
    const spec = JSON.parse((await kubectl('get', 'pod', 'with-token', '-o', 'jsonpath={.spec}')).stdout);
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes.map((v: { name: string }) => v.name)).toEqual([expect.stringMatching(/^kube-api-access-[a-z0-9]{5}$/)]);
    const files = await kubectl('exec', 'with-token', '--', 'ls', dir);
    expect(files.stdout.split(/\s+/).filter(Boolean).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect((await kubectl('exec', 'with-token', '--', 'cat', `${dir}/namespace`)).stdout).toBe('default');
    const token = (await kubectl('exec', 'with-token', '--', 'cat', `${dir}/token`)).stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:default', 'kubernetes.io': { pod: { name: 'with-token' } } });
    expect((await kubectl('--token', token, 'auth', 'whoami')).stdout).toMatch(/Username\s+system:serviceaccount:default:default/);
    const none = await kubectl('exec', 'no-token', '--', 'ls', dir);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('No such file or directory');
    const missing = await applyManifest(cluster, 'stray', podYaml('stray', true).replace('spec:', 'spec:\n  serviceAccountName: ghost'));
    expect(missing.stderr).toContain(
      'pods "stray" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
    );
  });
});
