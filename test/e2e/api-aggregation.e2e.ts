// API aggregation with the real kubectl: an APIService backed by an HTTPS server on the host (a
// Service without selector whose Endpoints point at 127.0.0.1) becomes Available, is listed by
// discovery, and gets requests proxied with the caller's identity in X-Remote-* headers; the
// backend, as an extension API server does, reads extension-apiserver-authentication and only
// believes the headers over a client certificate of its front-proxy CA with an allowed name. When
// the backend stops, Available turns False and requests get 503. The API server itself takes a
// front proxy's word the same way. Then a namespace holding custom objects is deleted completely.

import { waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { TLSSocket } from 'tls';
import { promisify } from 'util';
import { type ClusterProcess, startCluster } from './support/cluster-process';
import { applyManifest } from './support/cluster-with-images';

jest.setTimeout(180_000);
const run = promisify(execFile);

const GV = '/apis/wardle.example.com/v1alpha1';
const RESOURCES = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'wardle.example.com/v1alpha1',
  resources: [{ name: 'flunders', singularName: 'flunder', namespaced: true, kind: 'Flunder', verbs: ['get', 'list'], shortNames: ['fl'] }],
};

/** A self-signed certificate for the Service's DNS name, as the APIService's caBundle trusts. */
async function serverCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const certFile = path.join(dir, 'wardle.crt');
  const keyFile = path.join(dir, 'wardle.key');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=wardle-api.wardle.svc',
    '-addext',
    'subjectAltName=DNS:wardle-api.wardle.svc',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  return { cert: await fs.readFile(certFile, 'utf8'), key: await fs.readFile(keyFile, 'utf8') };
}

describe('API aggregation and namespace deletion', () => {
  let cluster: ClusterProcess | undefined;
  let backend: https.Server | undefined;
  let ca = '';
  let port = 0;
  /** What the backend read from extension-apiserver-authentication. */
  let auth: Record<string, string> = {};
  const seen: Record<string, string | string[] | undefined>[] = [];
  /** Requests the backend refused: no front-proxy certificate, or one whose name is not allowed. */
  const refused: string[] = [];
  const kubectl = (...args: string[]) => cluster!.kubectl(...args);

  // As an extension API server configured from the ConfigMap: client certificates of the
  // requestheader CA are asked for, and X-Remote-* believed only from an allowed name.
  const listen = (tls: { cert: string; key: string }, at = 0) =>
    new Promise<https.Server>((resolve) => {
      const options = { ...tls, ca: auth['requestheader-client-ca-file'], requestCert: true, rejectUnauthorized: false };
      const allowed: string[] = JSON.parse(auth['requestheader-allowed-names'] ?? '[]');
      const server = https.createServer(options, (req, res) => {
        const socket = req.socket as TLSSocket;
        const cn = socket.authorized ? socket.getPeerCertificate().subject?.CN : undefined;
        if (!cn || !allowed.includes(String(cn))) {
          refused.push(`${req.url} from ${cn ?? 'no verified certificate'}`);
          res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"kind":"Status","code":401}');
          return;
        }
        if (req.url?.startsWith(`${GV}/`)) seen.push({ ...req.headers });
        const body =
          req.url === GV
            ? RESOURCES
            : { kind: 'FlunderList', apiVersion: 'wardle.example.com/v1alpha1', metadata: {}, items: [], path: req.url };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      });
      server.listen(at, '127.0.0.1', () => resolve(server));
    });
  const close = (server: https.Server) =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });

  beforeAll(async () => {
    cluster = await startCluster({ insecureRegistry: '127.0.0.1:1' });
    const configMap = await kubectl('get', 'configmap', '-n', 'kube-system', 'extension-apiserver-authentication', '-o', 'json');
    auth = JSON.parse(configMap.stdout).data;
    const tls = await serverCertificate(cluster.dataDir);
    ca = tls.cert;
    backend = await listen(tls);
    port = (backend.address() as AddressInfo).port;
  });

  afterAll(async () => {
    if (backend?.listening) await close(backend);
    if (!cluster) return;
    await cluster.stop();
    expect((await cluster.destroy()).leftoverCgroups).toEqual([]);
  });

  const available = async () =>
    (
      await kubectl(
        'get',
        'apiservice',
        'v1alpha1.wardle.example.com',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Available")].status}/{.status.conditions[?(@.type=="Available")].reason}',
      )
    ).stdout;

  it('lists the local APIServices as kube-apiserver does', async () => {
    const { stdout } = await kubectl('get', 'apiservices');
    expect(stdout).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE/);
    expect(stdout).toMatch(/^v1\.apps\s+Local\s+True\s+/m);
    expect(stdout).toMatch(/^v1\.\s+Local\s+True\s+/m);
  });

  it('refuses an APIService whose name is not VERSION.GROUP, storing nothing', async () => {
    const bad = await applyManifest(
      cluster!,
      'bad-apiservice',
      `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: wardle}
spec: {group: wardle.example.com, version: v1alpha1, groupPriorityMinimum: 1000, versionPriority: 15, service: {namespace: wardle, name: wardle-api}}
`,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      'metadata.name: Invalid value: "wardle": must be `spec.version+"."+spec.group`: "v1alpha1.wardle.example.com"',
    );
    expect((await kubectl('get', 'apiservice', 'wardle')).code).not.toBe(0);
  });

  it('proxies to an Available backend with the caller in X-Remote-User, and discovery lists it', async () => {
    const applied = await applyManifest(
      cluster!,
      'wardle',
      `apiVersion: v1
kind: Namespace
metadata: {name: wardle}
---
apiVersion: v1
kind: Service
metadata: {name: wardle-api, namespace: wardle}
spec: {ports: [{name: https, port: 443, targetPort: ${port}}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: wardle-api, namespace: wardle}
subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{name: https, port: ${port}}]}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1alpha1.wardle.example.com}
spec:
  group: wardle.example.com
  version: v1alpha1
  groupPriorityMinimum: 1000
  versionPriority: 15
  service: {namespace: wardle, name: wardle-api}
  caBundle: ${Buffer.from(ca).toString('base64')}
`,
    );
    expect(applied.stderr).toBe('');
    await waitFor(async () => (await available()) === 'True/Passed' || undefined, { what: 'Available=True', timeoutMs: 30_000 });
    const got = await kubectl('get', '--raw', `${GV}/namespaces/default/flunders`);
    expect(JSON.parse(got.stdout)).toMatchObject({ kind: 'FlunderList', path: `${GV}/namespaces/default/flunders` });
    const last = seen.at(-1)!;
    expect(refused).toEqual([]);
    expect(last['x-remote-user']).toBeTruthy();
    expect(String(last['x-remote-group'])).toContain('system:authenticated');
    expect(last.authorization).toBeUndefined();
    const resources = await kubectl('api-resources', '--api-group', 'wardle.example.com', '--no-headers');
    expect(resources.stdout).toMatch(/^flunders\s+fl\s+wardle\.example\.com\/v1alpha1\s+true\s+Flunder/m);
    expect((await kubectl('get', '--raw', '/apis')).stdout).toContain('"groupVersion":"wardle.example.com/v1alpha1"');
  });

  it('publishes extension-apiserver-authentication, its reader Role and system:auth-delegator', async () => {
    expect(auth).toMatchObject({
      'requestheader-allowed-names': '["front-proxy-client"]',
      'requestheader-username-headers': '["X-Remote-User"]',
      'requestheader-group-headers': '["X-Remote-Group"]',
      'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
    });
    expect(auth['client-ca-file']).toBe(await fs.readFile(path.join(cluster!.dataDir, 'pki', 'ca.crt'), 'utf8'));
    expect(auth['requestheader-client-ca-file']).toContain('BEGIN CERTIFICATE');
    expect(auth['requestheader-client-ca-file']).not.toBe(auth['client-ca-file']);
    const reader = ['configmap/extension-apiserver-authentication', '-n', 'kube-system'];
    expect((await kubectl('auth', 'can-i', 'get', ...reader, '--as', 'system:kube-scheduler')).stdout.trim()).toBe('yes');
    expect(
      (await kubectl('auth', 'can-i', 'get', 'configmap/other', '-n', 'kube-system', '--as', 'system:kube-scheduler')).stdout.trim(),
    ).toBe('no');
    const delegator = await kubectl('get', 'clusterrole', 'system:auth-delegator', '-o', 'jsonpath={.rules[*].resources}');
    expect(delegator.stdout).toBe('["tokenreviews"] ["subjectaccessreviews"]');
  });

  it('answers TokenReviews, as a delegating backend asks them', async () => {
    const token = (await kubectl('create', 'token', 'default', '-n', 'default')).stdout.trim();
    const ask = async (name: string, spec: object) => {
      const file = path.join(cluster!.dataDir, `${name}.json`);
      await fs.writeFile(file, JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec }));
      return kubectl('create', '--raw', '/apis/authentication.k8s.io/v1/tokenreviews', '-f', file);
    };
    const good = JSON.parse((await ask('good-review', { token })).stdout);
    expect(good.status).toMatchObject({ authenticated: true, user: { username: 'system:serviceaccount:default:default' } });
    expect(JSON.parse((await ask('bad-review', { token: 'not-a-token' })).stdout).status.authenticated).toBe(false);
    const empty = await ask('empty-review', {});
    expect(empty.stderr).toContain('token is required for TokenReview in authentication');
  });

  /** A request to the API server straight, with the front-proxy client certificate or none. */
  const direct = async (pathname: string, headers: Record<string, string>, asProxy: boolean) => {
    const pki = path.join(cluster!.dataDir, 'pki');
    const read = (f: string) => fs.readFile(path.join(pki, f), 'utf8');
    const client = asProxy ? { cert: await read('front-proxy-client.crt'), key: await read('front-proxy-client.key') } : {};
    return new Promise<{ code: number; body: string }>((resolve, reject) => {
      https
        .get(
          { host: '127.0.0.1', port: cluster!.apiPort, path: pathname, rejectUnauthorized: false, agent: false, headers, ...client },
          (res) => {
            let body = '';
            res.on('data', (d) => (body += d)).on('end', () => resolve({ code: res.statusCode ?? 0, body }));
          },
        )
        .on('error', reject);
    });
  };

  it('takes the word of a front proxy with the front-proxy certificate, and of nobody else', async () => {
    const pods = '/api/v1/namespaces/default/configmaps';
    const nobody = await direct(pods, { 'X-Remote-User': 'nobody' }, true);
    expect(nobody.code).toBe(403);
    expect(JSON.parse(nobody.body).message).toBe(
      'configmaps is forbidden: User "nobody" cannot list resource "configmaps" in API group "" in the namespace "default"',
    );
    expect((await direct(pods, { 'X-Remote-User': 'root', 'X-Remote-Group': 'system:masters' }, true)).code).toBe(200);
    expect((await direct(pods, { 'X-Remote-User': 'root', 'X-Remote-Group': 'system:masters' }, false)).code).toBe(401);
    // The certificate alone is nobody: it names no user.
    expect((await direct(pods, {}, true)).code).toBe(401);
  });

  it('is refused by the backend without the front-proxy certificate', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      https
        .get(
          {
            host: '127.0.0.1',
            port,
            path: `${GV}/flunders`,
            rejectUnauthorized: false,
            agent: false,
            headers: { 'X-Remote-User': 'forged' },
          },
          (res) => resolve(res.resume().statusCode ?? 0),
        )
        .on('error', reject);
    });
    expect(answer).toBe(401);
    expect(refused).toEqual([`${GV}/flunders from no verified certificate`]);
  });

  it('turns Available False when the backend goes down and answers 503', async () => {
    await close(backend!);
    await waitFor(async () => (await available()) === 'False/FailedDiscoveryCheck' || undefined, {
      what: 'Available=False',
      timeoutMs: 40_000,
    });
    const refused = await kubectl('get', '--raw', `${GV}/namespaces/default/flunders`);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('the server is currently unable to handle the request');
    const { stdout } = await kubectl('get', 'apiservice', 'v1alpha1.wardle.example.com');
    expect(stdout).toMatch(/wardle\/wardle-api\s+False \(FailedDiscoveryCheck\)/);
    // Back up on the same port: Available again.
    backend = await listen({ cert: ca, key: await fs.readFile(path.join(cluster!.dataDir, 'wardle.key'), 'utf8') }, port);
    await waitFor(async () => (await available()) === 'True/Passed' || undefined, { what: 'Available=True again', timeoutMs: 40_000 });
    await kubectl('delete', 'apiservice', 'v1alpha1.wardle.example.com');
  });

  it('deletes a namespace with custom objects completely', async () => {
    const crd = await applyManifest(
      cluster!,
      'gadgets',
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.toys.example.com}
spec:
  group: toys.example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
`,
    );
    expect(crd.code).toBe(0);
    await waitFor(async () => (await kubectl('get', 'gadgets', '-A')).code === 0 || undefined, {
      what: 'gadgets served',
      timeoutMs: 30_000,
    });
    await kubectl('create', 'namespace', 'toybox');
    const objects = await applyManifest(
      cluster!,
      'toybox',
      `apiVersion: toys.example.com/v1
kind: Gadget
metadata: {name: one, namespace: toybox, finalizers: [toys.example.com/hold]}
---
apiVersion: toys.example.com/v1
kind: Gadget
metadata: {name: two, namespace: toybox}
`,
    );
    expect(objects.code).toBe(0);
    expect((await kubectl('delete', 'namespace', 'toybox', '--wait=false')).code).toBe(0);
    // The finalizer holds one gadget back: the namespace says what is left and why.
    const conditions = async () => (await kubectl('get', 'namespace', 'toybox', '-o', 'jsonpath={.status.conditions}')).stdout;
    const shown = await waitFor(async () => ((await conditions()).includes('SomeFinalizersRemain') ? await conditions() : undefined), {
      what: 'namespace conditions',
      timeoutMs: 30_000,
    });
    expect(shown).toContain('Some resources are remaining: gadgets.toys.example.com has 1 resource instances');
    expect(shown).toContain('toys.example.com/hold in 1 resource instances');
    expect((await kubectl('get', 'gadget', 'two', '-n', 'toybox')).code).not.toBe(0);
    await kubectl('patch', 'gadget', 'one', '-n', 'toybox', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}');
    await waitFor(async () => (await kubectl('get', 'namespace', 'toybox')).code !== 0 || undefined, {
      what: 'namespace gone',
      timeoutMs: 30_000,
    });
    expect((await kubectl('get', 'gadgets', '-A', '--no-headers')).stdout.trim()).toBe('');
  });
});
