// Definitions shaped like well-known public CRDs (Gateway API's standard channel, prometheus-
// operator's ServiceMonitor and Prometheus, Argo CD's Application, MetalLB's pools; written for
// these tests in test/e2e/fixtures/crds) and objects of each kind, driven with the real kubectl:
// applied client-side and server-side unchanged, listed with their printer columns, described,
// explained, edited, patched, scaled, watched and deleted; bad objects refused with field paths
// and the rules' own messages, and nothing stored.

import { waitFor } from '@stevedore/testing';
import { type ChildProcess, execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { gatewayApiDefinitions } from './fixtures/crds/gateway-api';
import { clusterForSuite } from './support/cluster-with-images';

jest.setTimeout(180_000);

const FIXTURES = path.join(__dirname, 'fixtures', 'crds');
const DEFINITION_FILES = ['monitoring.yaml', 'application.yaml', 'metallb.yaml'];
const CRDS = [
  'gatewayclasses.gateway.networking.k8s.io',
  'gateways.gateway.networking.k8s.io',
  'httproutes.gateway.networking.k8s.io',
  'servicemonitors.monitoring.coreos.com',
  'prometheuses.monitoring.coreos.com',
  'applications.argoproj.io',
  'ipaddresspools.metallb.io',
  'l2advertisements.metallb.io',
];

const lines = (text: string) => text.trim().split('\n').sort();

describe('public CRDs, applied unchanged', () => {
  const suite = clusterForSuite();
  const { kubectl, apply, succeeds } = suite;
  let gatewayFile: string;
  let watcher: ChildProcess | undefined;

  afterAll(() => watcher?.kill('SIGTERM'));

  const fixture = async (name: string) => fs.readFile(path.join(FIXTURES, name), 'utf8');
  /** kubectl with an editor script, as a person running `kubectl edit` would have. */
  const edit = (editor: string, ...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'kubectl',
        ['--kubeconfig', suite.cluster.kubeconfig, 'edit', ...args],
        // A refused edit leaves its copy in TMPDIR: the cluster's data dir, removed with it.
        { env: { ...process.env, KUBE_EDITOR: editor, TMPDIR: suite.cluster.dataDir }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      ),
    );

  it('applies the definitions client-side, then server-side, and establishes them', async () => {
    const gatewayApi = gatewayApiDefinitions();
    // As large as Gateway API's own HTTPRoute definition, yet under the 256 KiB of annotations
    // the last-applied configuration of a client-side apply must fit in.
    expect(gatewayApi.length).toBeGreaterThan(400_000);
    gatewayFile = path.join(suite.cluster.dataDir, 'manifests', 'gateway-api.yaml');
    await fs.mkdir(path.dirname(gatewayFile), { recursive: true });
    await fs.writeFile(gatewayFile, gatewayApi);
    const files = [gatewayFile, ...DEFINITION_FILES.map((f) => path.join(FIXTURES, f))];
    const created = await kubectl('apply', ...files.flatMap((f) => ['-f', f]));
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines(created.stdout)).toEqual(CRDS.map((c) => `customresourcedefinition.apiextensions.k8s.io/${c} created`).sort());
    await succeeds(kubectl('wait', '--for=condition=Established', ...CRDS.map((c) => `crd/${c}`), '--timeout=60s'));
    const again = await kubectl('apply', '--server-side', ...files.flatMap((f) => ['-f', f]));
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines(again.stdout)).toEqual(CRDS.map((c) => `customresourcedefinition.apiextensions.k8s.io/${c} serverside-applied`).sort());
    const unchanged = await kubectl('apply', '-f', gatewayFile);
    expect(lines(unchanged.stdout)).toEqual(CRDS.slice(0, 3).map((c) => `customresourcedefinition.apiextensions.k8s.io/${c} unchanged`));
  });

  it('applies objects of every kind, defaulted where their schemas say, and again unchanged', async () => {
    const objects = await fixture('objects.yaml');
    const created = await apply('objects', objects);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/gateway\.gateway\.networking\.k8s\.io\/web created/);
    expect(created.stdout.trim().split('\n')).toHaveLength(8);
    const versionOf = async (what: string) => (await kubectl('get', what, '-o', 'jsonpath={.metadata.resourceVersion}')).stdout;
    const before = await versionOf('gateway/web');
    // As on Kubernetes, kubectl's three-way merge patch carries the lists the server defaulted
    // fields in (so those objects read "configured"), and the server finds nothing to change.
    const again = await apply('objects', objects);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    for (const name of [
      'gatewayclass.gateway.networking.k8s.io/edge',
      'prometheus.monitoring.coreos.com/main',
      'ipaddresspool.metallb.io/pool',
    ])
      expect(again.stdout).toContain(`${name} unchanged`);
    expect(await versionOf('gateway/web')).toBe(before);
    const route = JSON.parse((await kubectl('get', 'httproute', 'shop', '-o', 'json')).stdout);
    expect(route.spec.rules[0].backendRefs[0]).toEqual({ group: '', kind: 'Service', name: 'cart', port: 8080, weight: 90 });
    expect(route.spec.rules[1].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    expect(route.spec.parentRefs[1]).toMatchObject({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'other' });
    const gateway = JSON.parse((await kubectl('get', 'gtw', 'web', '-o', 'json')).stdout);
    expect(gateway.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
    expect(gateway.spec.listeners[1].tls).toEqual({
      mode: 'Terminate',
      certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-cert' }],
    });
    expect(gateway.status.conditions.map((c: { type: string; reason: string }) => `${c.type}=${c.reason}`)).toEqual([
      'Accepted=Pending',
      'Programmed=Pending',
    ]);
    const app = JSON.parse((await kubectl('get', 'application', 'guestbook', '-o', 'json')).stdout);
    expect(app.spec.source.helm.valuesObject.ingress.hosts).toEqual([{ host: 'guestbook.example.com', paths: ['/'] }]);
    expect((await kubectl('get', 'ipaddresspool', 'pool', '-o', 'jsonpath={.spec.autoAssign} {.spec.avoidBuggyIPs}')).stdout).toBe(
      'true false',
    );
  });

  it('applies the same objects server-side into another namespace', async () => {
    await succeeds(kubectl('create', 'namespace', 'ssa'));
    const namespaced = (await fixture('objects.yaml'))
      .split(/^---$/m)
      .filter((doc) => doc.includes('namespace: default'))
      .join('---')
      .replace(/namespace: default/g, 'namespace: ssa');
    const file = path.join(suite.cluster.dataDir, 'manifests', 'ssa-objects.yaml');
    await fs.writeFile(file, namespaced);
    for (let i = 0; i < 2; i++) {
      const applied = await kubectl('apply', '--server-side', '-f', file);
      expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
      expect(applied.stdout.trim().split('\n')).toHaveLength(7);
      expect(
        applied.stdout
          .trim()
          .split('\n')
          .every((l) => l.endsWith(' serverside-applied')),
      ).toBe(true);
    }
    const weights = await kubectl('get', 'httproute', 'shop', '-n', 'ssa', '-o', 'jsonpath={.spec.rules[0].backendRefs[*].weight}');
    expect(weights.stdout).toBe('90 10');
  });

  it('lists them with their printer columns, categories and short names', async () => {
    const classes = (await kubectl('get', 'gc', '-o', 'wide')).stdout;
    expect(classes).toMatch(/^NAME\s+CONTROLLER\s+ACCEPTED\s+AGE\s+DESCRIPTION\s*$/m);
    expect(classes).toMatch(/^edge\s+example\.net\/gateway-controller\s+Unknown\s+\S+\s+Edge proxies of the tests\s*$/m);
    expect((await kubectl('get', 'gc')).stdout).not.toMatch(/DESCRIPTION/);
    const all = (await kubectl('get', 'gateway-api', '-n', 'default')).stdout;
    expect(all).toMatch(/^gateway\.gateway\.networking\.k8s\.io\/web\s+edge\s+Unknown\s+\S+\s*$/m);
    expect(all).toMatch(/^httproute\.gateway\.networking\.k8s\.io\/shop\s+\["shop\.example\.com"\]\s+\S+\s*$/m);
    const apps = (await kubectl('get', 'apps', '-o', 'wide')).stdout;
    expect(apps).toMatch(/^NAME\s+SYNC STATUS\s+HEALTH STATUS\s+REVISION\s+PROJECT\s*$/m);
    expect((await kubectl('get', 'apps')).stdout).toMatch(/^NAME\s+SYNC STATUS\s+HEALTH STATUS\s*$/m);
    const pools = (await kubectl('get', 'ipaddresspools')).stdout;
    expect(pools).toMatch(/^pool\s+true\s+false\s+\["198\.18\.200\.0\/28","198\.18\.201\.1-198\.18\.201\.9"\]\s*$/m);
    const prom = (await kubectl('get', 'prometheus-operator', '-o', 'name')).stdout;
    expect(lines(prom)).toEqual(['prometheus.monitoring.coreos.com/main', 'servicemonitor.monitoring.coreos.com/api']);
  });

  it('describes and explains them, nested fields and other versions too', async () => {
    const described = (await kubectl('describe', 'gateway', 'web')).stdout;
    expect(described).toMatch(/^Kind:\s+Gateway$/m);
    expect(described).toMatch(/Gateway Class Name:\s+edge/);
    expect(described).toMatch(/Message:\s+Waiting for controller/);
    const explained = await kubectl('explain', 'httproute.spec.rules.matches.path.type');
    expect(explained.stdout).toMatch(/^FIELD: type <string>$/m);
    expect(explained.stdout).toMatch(/Exact\s+PathPrefix\s+RegularExpression|Exact, PathPrefix, RegularExpression/);
    const older = await kubectl('explain', 'gateways.spec.listeners.tls', '--api-version=gateway.networking.k8s.io/v1beta1');
    expect(older.stdout).toMatch(/^VERSION:\s+v1beta1$/m);
    expect(older.stdout).toMatch(/certificateRefs\s+<\[\]Object>/);
  });

  it('warns on every request to a deprecated version', async () => {
    const listed = await kubectl('get', 'gateways.v1beta1.gateway.networking.k8s.io', 'web', '-o', 'jsonpath={.apiVersion}');
    expect(listed.stdout).toBe('gateway.networking.k8s.io/v1beta1');
    expect(listed.stderr).toContain(
      'Warning: gateway.networking.k8s.io/v1beta1 Gateway is deprecated; use gateway.networking.k8s.io/v1 Gateway',
    );
  });

  it('edits one with kubectl edit, through the CEL rules', async () => {
    const editor = path.join(suite.cluster.dataDir, 'editor.sh');
    await fs.writeFile(editor, '#!/bin/sh\nsed -i "s/port: 80$/port: 8080/" "$1"\n', { mode: 0o755 });
    const edited = await edit(editor, 'gateway', 'web');
    expect(edited).toMatchObject({ code: 0, stdout: 'gateway.gateway.networking.k8s.io/web edited\n' });
    expect((await kubectl('get', 'gtw', 'web', '-o', 'jsonpath={.spec.listeners[0].port}')).stdout).toBe('8080');
    const renamer = path.join(suite.cluster.dataDir, 'renamer.sh');
    await fs.writeFile(
      renamer,
      '#!/bin/sh\nsed -i "s#controllerName: example.net/gateway-controller#controllerName: example.net/other#" "$1"\n',
      { mode: 0o755 },
    );
    const refused = await edit(renamer, 'gatewayclass', 'edge');
    expect(refused.code).toBe(1);
    // kubectl keeps the refused edit, the server's causes written at its top.
    expect(refused.stderr).toContain('gatewayclasses.gateway.networking.k8s.io "edge" is invalid');
    const copy = /stored to "([^"]+)"/.exec(refused.stderr)?.[1];
    expect(await fs.readFile(copy ?? '', 'utf8')).toContain('spec.controllerName: Invalid value: "string": Value is immutable');
    expect((await kubectl('get', 'gc', 'edge', '-o', 'jsonpath={.spec.controllerName}')).stdout).toBe('example.net/gateway-controller');
  });

  it('patches them by merge and JSON patch, refusing a strategic merge as Kubernetes does', async () => {
    await succeeds(kubectl('patch', 'application', 'guestbook', '--type=merge', '-p', '{"spec":{"project":"shop"}}'));
    await succeeds(
      kubectl('patch', 'smon', 'api', '--type=json', '-p', '[{"op":"replace","path":"/spec/endpoints/0/interval","value":"15s"}]'),
    );
    expect((await kubectl('get', 'smon', 'api', '-o', 'jsonpath={.spec.endpoints[0].interval}')).stdout).toBe('15s');
    const strategic = await kubectl('patch', 'application', 'guestbook', '-p', '{"spec":{"project":"x"}}');
    expect(strategic.stderr).toContain(
      'application/strategic-merge-patch+json is not supported by argoproj.io/v1alpha1, Kind=Application: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    const immutable = await kubectl('patch', 'gc', 'edge', '--type=merge', '-p', '{"spec":{"controllerName":"example.net/other"}}');
    expect(immutable.stderr).toContain('spec.controllerName: Invalid value: "string": Value is immutable');
  });

  it('scales the kind that has a scale subresource', async () => {
    const scaled = await kubectl('scale', 'prometheus', 'main', '--replicas=3');
    expect(scaled).toMatchObject({ code: 0, stdout: 'prometheus.monitoring.coreos.com/main scaled\n' });
    expect((await kubectl('get', 'prom', 'main', '-o', 'jsonpath={.spec.shards}')).stdout).toBe('3');
    const tooMany = await kubectl('scale', 'prometheus', 'main', '--replicas=17');
    expect(tooMany.stderr).toContain('spec.shards in body should be less than or equal to 16');
  });

  it('streams changes to kubectl get -w', async () => {
    let out = '';
    watcher = spawn('kubectl', [
      '--kubeconfig',
      suite.cluster.kubeconfig,
      'get',
      'httproutes',
      '-w',
      '-o',
      'custom-columns=NAME:.metadata.name,HOSTS:.spec.hostnames',
    ]);
    watcher.stdout?.on('data', (d) => (out += d));
    await waitFor(async () => out.includes('shop'), { timeoutMs: 15_000, what: 'the watch to list the route' });
    await succeeds(kubectl('patch', 'httproute', 'shop', '--type=merge', '-p', '{"spec":{"hostnames":["store.example.com"]}}'));
    await waitFor(async () => out.includes('store.example.com'), { timeoutMs: 15_000, what: `the change in the watch (got ${out})` });
    watcher.kill('SIGTERM');
    watcher = undefined;
  });

  it('refuses bad objects with field paths and the rules’ messages, storing nothing', async () => {
    const bad = await fixture('invalid-objects.yaml');
    const file = path.join(suite.cluster.dataDir, 'manifests', 'invalid.yaml');
    await fs.writeFile(file, bad);
    const refused = await kubectl('apply', '-f', file);
    expect(refused.code).not.toBe(0);
    for (const expected of [
      `spec.listeners: Invalid value: "array": tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']`,
      'spec.listeners: Invalid value: "array": Combination of port, protocol and hostname must be unique for each listener',
      'spec.addresses[0]: Invalid value: "object": value 198.18.300.1 is not a valid IP address',
      `spec.rules[0].matches[0].path: Invalid value: "object": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']`,
      'spec.rules[0].timeouts: Invalid value: "object": backendRequest timeout cannot be longer than request timeout',
      'spec.rules[0].filters: Invalid value: "array": RequestRedirect filter cannot be repeated',
      'spec.hostnames: Invalid value: "array": Hostnames cannot contain an IP',
      'spec.endpoints[0].interval: Invalid value: "5 minutes": spec.endpoints[0].interval in body should match',
      'spec.endpoints[0].relabelings[0]: Invalid value: "object": a hashmod relabeling needs a modulus and a targetLabel',
      'spec.endpoints[1].scrapeTimeout: Invalid value: "object": scrapeTimeout must not be longer than interval',
      'spec.interfaces: Invalid value: "array": the loopback interface cannot announce addresses',
      'spec.destination: Invalid value: "object": destination needs a server or a name, not both',
      'spec.source: Invalid value: "object": a Helm chart source needs a targetRevision',
      'spec.addresses: Invalid value: "array": address 198.18.0.0/40 is neither a CIDR nor a range',
    ])
      expect(refused.stderr).toContain(expected);
    const left = await kubectl('get', 'gtw,httproute,smon,app,ipaddresspool,l2advertisement', '-l', 'fixture=invalid', '-o', 'name');
    expect({ code: left.code, stdout: left.stdout }).toEqual({ code: 0, stdout: '' });
  });

  it('deletes the definitions with their objects, a finalizer holding one back as on Kubernetes', async () => {
    const hold = '{"metadata":{"finalizers":["resources-finalizer.argocd.argoproj.io"]}}';
    await succeeds(kubectl('patch', 'app', 'guestbook', '--type=merge', '-p', hold));
    const files = [gatewayFile, ...DEFINITION_FILES.map((f) => path.join(FIXTURES, f))];
    const deleted = await kubectl('delete', ...files.flatMap((f) => ['-f', f]), '--wait=false');
    expect({ code: deleted.code, stderr: deleted.stderr }).toEqual({ code: 0, stderr: '' });
    const definitions = async () => (await kubectl('get', 'crd', '-o', 'name')).stdout.trim();
    await waitFor(async () => (await definitions()) === 'customresourcedefinition.apiextensions.k8s.io/applications.argoproj.io', {
      timeoutMs: 30_000,
      what: 'every definition but the one whose object has a finalizer to go',
    });
    // Still served while it goes, so the finalizer can be removed; new objects are refused.
    const late = await apply(
      'late-app',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: late}\nspec: {project: default, destination: {name: in-cluster}}\n',
    );
    expect(late.stderr).toContain('create not allowed while custom resource definition is terminating');
    await succeeds(kubectl('patch', 'app', 'guestbook', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'));
    await waitFor(async () => (await definitions()) === '', { timeoutMs: 30_000, what: 'the last definition to go' });
  });
});
