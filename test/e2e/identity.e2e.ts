// Identity with the real kubectl on the all-in-one cluster: ServiceAccount tokens from
// `kubectl create token`, `kubectl auth whoami`, a user's certificate kubeconfig from
// `stevedore kubeconfig` refused until a RoleBinding grants view, `--as` with `auth can-i`,
// a token that stops working once its ServiceAccount is deleted; add-ons' RBAC objects applied
// unchanged with their aggregated role extending view, an auth can-i matrix over users, groups and
// ServiceAccounts, legacy token Secrets, exec refused with 403, and the token every pod finds
// at the well-known path unless it turns automounting off.

import { waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
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
  const canI = async (...args: string[]) => (await kubectl('auth', 'can-i', ...args)).stdout.trim();
  const fixture = (name: string) => path.join(__dirname, 'fixtures', 'rbac', name);

  /** Retries `check` until it holds: controllers (aggregation, tokens) act a moment after a write. */
  async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it("applies add-ons' ServiceAccount and RBAC objects unchanged; their aggregated role extends view, edit and admin", async () => {
    for (const file of ['metrics-adapter.yaml', 'edge-router.yaml']) {
      const applied = await kubectl('apply', '-f', fixture(file));
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
    }
    for (const role of ['view', 'edit', 'admin'])
      await eventually(async () => {
        const rules = JSON.parse((await kubectl('get', 'clusterrole', role, '-o', 'json')).stdout).rules ?? [];
        return rules.some((r: { apiGroups?: string[] }) => r.apiGroups?.includes('metrics.example.dev')) || undefined;
      }, `${role} to take the add-on's rules`);
    // edit holds view's rules through view's own aggregate-to-edit label, as upstream's do.
    const edit = JSON.parse((await kubectl('get', 'clusterrole', 'edit', '-o', 'json')).stdout);
    expect(edit.rules).toEqual(expect.arrayContaining([expect.objectContaining({ resources: expect.arrayContaining(['pods/log']) })]));
  });

  it('answers auth can-i across users, groups and ServiceAccounts and their roles', async () => {
    expect((await kubectl('create', 'namespace', 'team')).code).toBe(0);
    // alice holds view in default from the kubeconfig test above.
    expect((await kubectl('create', 'rolebinding', 'dev-edit', '--clusterrole=edit', '--group=dev', '-n', 'team')).code).toBe(0);
    expect((await kubectl('create', 'rolebinding', 'dave-admin', '--clusterrole=admin', '--user=dave', '-n', 'team')).code).toBe(0);
    const edgeRouter = 'system:serviceaccount:edge-router:edge-router';
    const metrics = 'system:serviceaccount:kube-system:metrics-adapter';
    const matrix: [string[], string][] = [
      [['list', 'pods', '--as', 'alice'], 'yes'],
      [['create', 'pods', '--as', 'alice'], 'no'],
      [['list', 'secrets', '--as', 'alice'], 'no'],
      [['list', 'pods', '-n', 'team', '--as', 'alice'], 'no'],
      [['get', '/metrics', '--as', 'alice'], 'no'],
      [['create', 'deployments.apps', '-n', 'team', '--as', 'carol', '--as-group', 'dev'], 'yes'],
      [['create', 'secrets', '-n', 'team', '--as', 'carol', '--as-group', 'dev'], 'yes'],
      [['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'team', '--as', 'carol', '--as-group', 'dev'], 'no'],
      [['list', 'pods', '-n', 'default', '--as', 'carol', '--as-group', 'dev'], 'no'],
      [['create', 'deployments.apps', '-n', 'team', '--as', 'carol'], 'no'],
      [['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'team', '--as', 'dave'], 'yes'],
      [['create', 'namespaces', '--as', 'dave'], 'no'],
      [['list', 'secrets', '-n', 'edge-router', '--as', edgeRouter], 'yes'],
      [['update', 'leases.coordination.k8s.io/edge-router-leader', '-n', 'edge-router', '--as', edgeRouter], 'yes'],
      [['update', 'leases.coordination.k8s.io/someone-else', '-n', 'edge-router', '--as', edgeRouter], 'no'],
      [['update', 'ingresses.networking.k8s.io', '--subresource', 'status', '-A', '--as', edgeRouter], 'yes'],
      [['delete', 'pods', '-n', 'edge-router', '--as', edgeRouter], 'no'],
      [['list', 'nodes', '--as', edgeRouter], 'yes'],
      [['get', 'nodes', '--subresource', 'metrics', '--as', metrics], 'yes'],
      [['list', 'pods', '-A', '--as', metrics], 'yes'],
      [['get', '/metrics', '--as', metrics], 'yes'],
      [['delete', 'pods', '-n', 'kube-system', '--as', metrics], 'no'],
      [['create', 'subjectaccessreviews.authorization.k8s.io', '--as', metrics], 'yes'],
    ];
    const answers = await Promise.all(matrix.map(([args]) => canI(...args)));
    expect(matrix.map(([args], i) => `${args.join(' ')} -> ${answers[i]}`)).toEqual(
      matrix.map(([args, expected]) => `${args.join(' ')} -> ${expected}`),
    );
    // kubectl sends a group it cannot discover as part of the resource name, so the add-on's
    // aggregated rule is asked about with a SubjectAccessReview naming its group.
    const review = (user: string) =>
      `{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"${user}","resourceAttributes":{"namespace":"default","verb":"list","group":"metrics.example.dev","resource":"pods"}}}`;
    for (const [user, allowed] of [
      ['alice', true],
      ['bob', false],
    ] as const) {
      const file = path.join(cluster.dataDir, `review-${user}.json`);
      await fs.writeFile(file, review(user));
      const answer = await kubectl('create', '-f', file, '-o', 'json');
      expect(JSON.parse(answer.stdout).status.allowed).toBe(allowed);
    }
  });

  it('fills legacy ServiceAccount token Secrets; the token works until the Secret is deleted', async () => {
    expect((await kubectl('create', 'serviceaccount', 'legacy-bot')).code).toBe(0);
    const secret = (name: string, account: string) =>
      `{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/service-account-token","metadata":{"name":"${name}","annotations":{"kubernetes.io/service-account.name":"${account}"}}}`;
    expect((await applyManifest(cluster, 'legacy-bot-token', secret('legacy-bot-token', 'legacy-bot'))).code).toBe(0);
    const data = await eventually(async () => {
      const s = JSON.parse((await kubectl('get', 'secret', 'legacy-bot-token', '-o', 'json')).stdout);
      return s.data?.token ? (s.data as Record<string, string>) : undefined;
    }, 'the token controller to fill the Secret');
    const decoded = (key: string) => Buffer.from(data[key]!, 'base64').toString();
    expect(decoded('namespace')).toBe('default');
    expect(decoded('ca.crt')).toContain('BEGIN CERTIFICATE');
    const token = decoded('token');
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp).toBeUndefined();
    expect((await kubectl('--token', token, 'auth', 'whoami')).stdout).toMatch(/Username\s+system:serviceaccount:default:legacy-bot/);
    expect((await kubectl('--token', token, 'get', 'pods')).stderr).toContain(
      'User "system:serviceaccount:default:legacy-bot" cannot list',
    );
    expect((await kubectl('create', 'rolebinding', 'legacy-view', '--clusterrole=view', '--serviceaccount=default:legacy-bot')).code).toBe(
      0,
    );
    expect((await kubectl('--token', token, 'get', 'pods')).code).toBe(0);
    expect((await kubectl('delete', 'secret', 'legacy-bot-token')).code).toBe(0);
    expect((await kubectl('--token', token, 'get', 'pods')).stderr).toContain('Unauthorized');
    const unnamed = await applyManifest(
      cluster,
      'unnamed-token',
      '{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/service-account-token","metadata":{"name":"unnamed"}}',
    );
    expect(unnamed.stderr).toContain('metadata.annotations[kubernetes.io/service-account.name]: Required value');
    // A Secret for an account that does not exist is deleted, as Kubernetes' token controller does.
    expect((await applyManifest(cluster, 'ghost-token', secret('ghost-token', 'ghost'))).code).toBe(0);
    await eventually(
      async () => ((await kubectl('get', 'secret', 'ghost-token')).stderr.includes('NotFound') ? true : undefined),
      'the Secret of a missing account to be deleted',
    );
  });

  it('refuses exec to a user without create on pods/exec with 403 and Kubernetes’ message', async () => {
    const busybox = setup!.images.busybox;
    expect((await kubectl('run', 'shell', `--image=${busybox}`, '--', 'sleep', '3600')).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=Ready', 'pod/shell', '--timeout=90s')).code).toBe(0);
    const refused = await kubectl('--as', 'alice', 'exec', 'shell', '--', 'true');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'pods "shell" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    );
    expect(refused.stderr).not.toContain('Unauthorized');
    expect((await kubectl('--as', 'carol', '--as-group', 'dev', 'exec', 'shell', '--', 'true')).stderr).toContain(
      'cannot get resource "pods"',
    );
    expect((await kubectl('exec', 'shell', '--', 'true')).code).toBe(0);
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

    // The pod's own token: refused until its account is bound to view, then allowed; dead once the pod is gone.
    const asPod = (...args: string[]) => kubectl('--token', token, ...args);
    expect((await asPod('get', 'pods')).stderr).toContain(
      'User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect((await kubectl('create', 'rolebinding', 'pod-view', '--clusterrole=view', '--serviceaccount=default:default')).code).toBe(0);
    const listed = await waitFor(
      async () => ((await asPod('get', 'pods', '-o', 'name')).stdout.includes('pod/with-token') ? true : undefined),
      {
        what: "the pod's token allowed to list pods",
        timeoutMs: 10_000,
      },
    );
    expect(listed).toBe(true);
    expect((await kubectl('delete', 'pod', 'with-token')).code).toBe(0);
    expect((await asPod('get', 'pods')).stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
