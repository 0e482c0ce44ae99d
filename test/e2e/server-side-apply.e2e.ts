// Server-side apply with the real kubectl: a Deployment applied, changed and re-applied; fields the
// manifest drops are removed, a replica count another manager set is a conflict until forced, the
// managed fields are shown (the control plane's own writes under its components' names, and a
// field a controller owns conflicts), an object kubectl applied client-side moves to server-side
// apply, and server dry runs and diffs of every write store nothing.

import { promises as fs } from 'fs';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

interface Options {
  replicas: number;
  labels: Record<string, string>;
  env: Record<string, string>;
}

function deployment(image: string, o: Options): string {
  const labels = Object.entries(o.labels).map(([k, v]) => `    ${k}: ${v}`);
  const env = Object.entries(o.env).map(([k, v]) => `        - {name: ${k}, value: "${v}"}`);
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  labels:',
    ...labels,
    'spec:',
    `  replicas: ${o.replicas}`,
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '      - name: app',
    `        image: ${image}`,
    '        command: [sleep, "3600"]',
    ...(env.length ? ['        env:', ...env] : []),
    '',
  ].join('\n');
}

describe('server-side apply with field managers', () => {
  let setup: ClusterWithImages;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => {
    // The Deployment's pods go first, so no container is still starting when the cluster goes.
    await cluster?.kubectl('delete', 'deployment', 'web', '--ignore-not-found', '--wait=true', '--timeout=60s');
    await cluster?.kubectl('wait', '--for=delete', 'pods', '-l', 'app=web', '--timeout=60s');
    expect(await stopClusterWithImages(setup)).toEqual([]);
  });

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const write = async (name: string, text: string) => {
    const dir = path.join(cluster.dataDir, 'manifests');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name}.yaml`);
    await fs.writeFile(file, text);
    return file;
  };
  const getJson = async (...what: string[]) => {
    const { code, stdout, stderr } = await kubectl('get', ...what, '-o', 'json', '--show-managed-fields');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(stdout);
  };
  /** Each managedFields entry as manager/operation/subresource. */
  const entries = (object: any): string[] =>
    object.metadata.managedFields.map((e: any) => [e.manager, e.operation, e.subresource ?? ''].join('/'));
  const base = (): Options => ({ replicas: 1, labels: { app: 'web', tier: 'front' }, env: { A: '1', B: '2' } });

  it('creates with apply and removes a label and an env var the manifest drops', async () => {
    const file = await write('web', deployment(setup.images.busybox, base()));
    expect(await kubectl('apply', '--server-side', '-f', file)).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web serverside-applied\n',
    });
    const created = await getJson('deployment', 'web');
    expect(created.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(created.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }),
    );

    await write('web', deployment(setup.images.busybox, { ...base(), labels: { app: 'web' }, env: { A: '1' } }));
    expect(await kubectl('apply', '--server-side', '-f', file)).toMatchObject({ code: 0 });
    const updated = await getJson('deployment', 'web');
    expect(updated.metadata.labels).toEqual({ app: 'web' });
    expect(updated.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('refuses to change replicas kubectl scale set, until --force-conflicts', async () => {
    expect(await kubectl('scale', 'deployment/web', '--replicas=2')).toMatchObject({ code: 0 });
    const file = await write('web', deployment(setup.images.busybox, { ...base(), replicas: 3, labels: { app: 'web' }, env: { A: '1' } }));
    const refused = await kubectl('apply', '--server-side', '-f', file);
    expect(refused.code).not.toBe(0);
    const scaler = (await getJson('deployment', 'web')).metadata.managedFields.find((e: any) => e.subresource === 'scale');
    expect(scaler).toMatchObject({ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1' });
    expect(refused.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
    expect((await getJson('deployment', 'web')).spec.replicas).toBe(2);

    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', file)).toMatchObject({ code: 0 });
    const forced = await getJson('deployment', 'web');
    expect(forced.spec.replicas).toBe(3);
    const owners = forced.metadata.managedFields.filter((e: any) => e.fieldsV1?.['f:spec']?.['f:replicas']);
    expect(owners.map((e: any) => `${e.manager}/${e.operation}`)).toEqual(['kubectl/Apply']);
  });

  it("records the control plane's own writes under its components' names", async () => {
    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s')).toMatchObject({ code: 0 });
    expect(entries(await getJson('deployment', 'web'))).toContain('kube-controller-manager/Update/status');
    const [replicaSet] = (await getJson('replicasets', '-l', 'app=web')).items;
    expect(entries(replicaSet)).toEqual(
      expect.arrayContaining(['kube-controller-manager/Update/', 'kube-controller-manager/Update/status']),
    );
    const pod = (await getJson('pods', '-l', 'app=web')).items.find((p: any) => !p.metadata.deletionTimestamp);
    expect(entries(pod)).toEqual(expect.arrayContaining(['kube-controller-manager/Update/', 'kubelet/Update/status']));
    expect(pod.metadata.managedFields.find((e: any) => e.manager === 'kubelet').fieldsV1['f:status']).toHaveProperty('f:phase');
    // As kube-apiserver's binding, the scheduler's is written past the field manager: nodeName is no one's.
    expect(JSON.stringify(pod.metadata.managedFields)).not.toContain('f:nodeName');
    expect(entries(pod).filter((e: string) => e.startsWith('kube-scheduler/'))).toEqual([]);
    expect(entries(await getJson('lease', '-n', 'kube-node-lease', pod.spec.nodeName))).toEqual(['kubelet/Update/']);
    expect(entries(await getJson('node', pod.spec.nodeName))).toContain('kubelet/Update/');
    expect(entries(await getJson('service', 'kubernetes'))).toContain('kube-apiserver/Update/');
  });

  it('makes applying a field a controller owns a conflict with kube-controller-manager', async () => {
    expect(await kubectl('create', 'service', 'clusterip', 'web', '--tcp=80:80')).toMatchObject({ code: 0 });
    const addresses = () => kubectl('get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].addresses[*].ip}');
    for (let i = 0; i < 60 && !(await addresses()).stdout.trim(); i++) await new Promise((r) => setTimeout(r, 500));
    const live = await getJson('endpoints', 'web');
    expect(live.subsets[0].addresses.length).toBe(3);
    expect(entries(live)).toContain('kube-controller-manager/Update/');
    const manifest =
      'apiVersion: v1\nkind: Endpoints\nmetadata: {name: web}\nsubsets: [{addresses: [{ip: 198.19.250.250}], ports: [{port: 80}]}]\n';
    const refused = await kubectl('apply', '--server-side', '-f', await write('endpoints', manifest));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "kube-controller-manager" using v1: .subsets');
    expect((await getJson('endpoints', 'web')).subsets).toEqual(live.subsets);
    expect(await kubectl('delete', 'service', 'web')).toMatchObject({ code: 0 });
  });

  it('shows managed fields only when asked', async () => {
    const plain = await kubectl('get', 'deployment', 'web', '-o', 'yaml');
    expect(plain.stdout).not.toContain('managedFields');
    const shown = await kubectl('get', 'deployment', 'web', '-o', 'yaml', '--show-managed-fields');
    expect(shown.stdout).toContain('managedFields:');
    expect(shown.stdout).toMatch(/f:containers:\n\s+k:\{"name":"app"\}:\n\s+\.: \{\}/);
  });

  it('moves an object applied client-side to server-side apply, dropping what the manifest drops', async () => {
    const text = (data: Record<string, string>) =>
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: settings}',
        'data:',
        ...Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`),
        '',
      ].join('\n');
    const file = await write('settings', text({ a: '1', b: '2' }));
    expect(await kubectl('apply', '-f', file)).toMatchObject({ code: 0 });
    const clientSide = await getJson('configmap', 'settings');
    expect(clientSide.metadata.managedFields.map((e: any) => e.manager)).toEqual(['kubectl-client-side-apply']);

    await write('settings', text({ a: '1' }));
    expect(await kubectl('apply', '--server-side', '-f', file)).toMatchObject({ code: 0 });
    const serverSide = await getJson('configmap', 'settings');
    expect(serverSide.data).toEqual({ a: '1' });
    // As on Kubernetes: kubectl keeps the last-applied annotation current under a manager of its own.
    const entries = Object.fromEntries(serverSide.metadata.managedFields.map((e: any) => [`${e.manager}/${e.operation}`, e.fieldsV1]));
    expect(Object.keys(entries).sort()).toEqual(['kubectl-last-applied/Apply', 'kubectl/Apply']);
    expect(entries['kubectl/Apply']).toEqual({ 'f:data': { 'f:a': {} } });
    expect(entries['kubectl-last-applied/Apply']).toEqual({
      'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
    });
    // The same manifest again changes nothing, not even the resourceVersion.
    expect(await kubectl('apply', '--server-side', '-f', file)).toMatchObject({ code: 0 });
    expect((await getJson('configmap', 'settings')).metadata.resourceVersion).toBe(serverSide.metadata.resourceVersion);
  });

  it('stores nothing on a server dry run of any write', async () => {
    const changed = deployment(setup.images.busybox, { ...base(), replicas: 3, labels: { app: 'web', dry: 'run' }, env: { A: '1' } });
    const file = await write('web-dry', changed);
    expect(await kubectl('apply', '--server-side', '--dry-run=server', '-f', file)).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web serverside-applied (server dry run)\n',
    });
    const diff = await kubectl('diff', '-f', file);
    expect(diff).toMatchObject({ code: 1, stdout: expect.stringContaining('+    dry: run') });
    expect(await kubectl('diff', '--server-side', '-f', file)).toMatchObject({ code: 1, stdout: expect.stringContaining('+    dry: run') });
    expect(await kubectl('scale', 'deployment/web', '--replicas=9', '--dry-run=server')).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web scaled (server dry run)\n',
    });
    const status = ['--subresource=status', '--type=merge', '-p', '{"status":{"observedGeneration":99}}', '--dry-run=server'];
    expect(await kubectl('patch', 'deployment', 'web', ...status)).toMatchObject({ code: 0 });
    expect(await kubectl('create', 'configmap', 'dry-only', '--from-literal=a=b', '--dry-run=server')).toMatchObject({
      code: 0,
      stdout: 'configmap/dry-only created (server dry run)\n',
    });
    expect(await kubectl('delete', 'configmap', 'settings', '--dry-run=server')).toMatchObject({
      code: 0,
      stdout: 'configmap "settings" deleted (server dry run)\n',
    });
    expect(await kubectl('delete', '--raw', '/api/v1/namespaces/default/configmaps?dryRun=All')).toMatchObject({ code: 0 });
    // Not one of the old ReplicaSet's pods still terminating (sleep ignores SIGTERM: they take their 30 s).
    const pod = (await getJson('pods', '-l', 'app=web')).items.find((p: any) => !p.metadata.deletionTimestamp);
    const eviction = await write('eviction', `{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"${pod.metadata.name}"}}`);
    const evict = `/api/v1/namespaces/default/pods/${pod.metadata.name}/eviction?dryRun=All`;
    expect(await kubectl('create', '--raw', evict, '-f', eviction)).toMatchObject({ code: 0 });
    // A pod no scheduler here takes, bound by hand in a dry run only.
    const unscheduled = `apiVersion: v1\nkind: Pod\nmetadata: {name: waiting}\nspec: {schedulerName: nobody, containers: [{name: c, image: ${setup.images.busybox}}]}\n`;
    expect(await kubectl('apply', '-f', await write('waiting', unscheduled))).toMatchObject({ code: 0 });
    const binding = await write(
      'binding',
      '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"waiting"},"target":{"kind":"Node","name":"nowhere"}}',
    );
    expect(await kubectl('create', '--raw', '/api/v1/namespaces/default/pods/waiting/binding?dryRun=All', '-f', binding)).toMatchObject({
      code: 0,
    });

    const after = await getJson('deployment', 'web');
    expect(after.metadata.labels).toEqual({ app: 'web' });
    expect(after.spec.replicas).toBe(3);
    expect(after.status.observedGeneration).not.toBe(99);
    expect((await kubectl('get', 'configmap', 'dry-only')).code).not.toBe(0);
    expect((await getJson('configmap', 'settings')).metadata.deletionTimestamp).toBeUndefined();
    expect((await getJson('pod', pod.metadata.name)).metadata.deletionTimestamp).toBeUndefined();
    expect((await getJson('pod', 'waiting')).spec.nodeName).toBeUndefined();
    expect(await kubectl('delete', 'pod', 'waiting', '--grace-period=0', '--force')).toMatchObject({ code: 0 });
  });

  it("merges a custom resource's keyed list by its schema, item by manager", async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gateways.ssa.example.com}
spec:
  group: ssa.example.com
  scope: Namespaced
  names: {plural: gateways, singular: gateway, kind: Gateway}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              routes:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [host]
                items:
                  type: object
                  required: [host]
                  properties: {host: {type: string}, backend: {type: string}}
`;
    expect(await kubectl('apply', '--server-side', '-f', await write('gateway-crd', crd))).toMatchObject({ code: 0 });
    expect(await kubectl('wait', '--for=condition=Established', 'crd/gateways.ssa.example.com', '--timeout=30s')).toMatchObject({
      code: 0,
    });
    const gateway = (routes: string) =>
      `apiVersion: ssa.example.com/v1\nkind: Gateway\nmetadata: {name: edge}\nspec: {routes: [${routes}]}\n`;
    const applyAs = async (manager: string, routes: string) =>
      kubectl('apply', '--server-side', `--field-manager=${manager}`, '-f', await write(`gateway-${manager}`, gateway(routes)));
    expect(await applyAs('team-a', '{host: a.example, backend: one}')).toMatchObject({ code: 0 });
    expect(await applyAs('team-b', '{host: b.example, backend: two}')).toMatchObject({ code: 0 });
    expect((await getJson('gateway', 'edge')).spec.routes).toEqual([
      { host: 'a.example', backend: 'one' },
      { host: 'b.example', backend: 'two' },
    ]);
    const refused = await applyAs('team-b', '{host: a.example, backend: three}');
    expect(refused.stderr).toContain('conflict with "team-a": .spec.routes[host="a.example"].backend');
    expect(await applyAs('team-a', '')).toMatchObject({ code: 0 });
    expect((await getJson('gateway', 'edge')).spec.routes).toEqual([{ host: 'b.example', backend: 'two' }]);
    // Server dry runs and diffs of a custom kind store nothing either.
    const retargeted = await write('gateway-diff', gateway('{host: b.example, backend: three}'));
    const diff = await kubectl('diff', '--server-side', '--field-manager=team-b', '-f', retargeted);
    expect(diff).toMatchObject({ code: 1, stdout: expect.stringContaining('+  - backend: three') });
    expect(await kubectl('apply', '--server-side', '--field-manager=team-b', '--dry-run=server', '-f', retargeted)).toMatchObject({
      code: 0,
      stdout: 'gateway.ssa.example.com/edge serverside-applied (server dry run)\n',
    });
    const other = await write('gateway-other', gateway('{host: c.example}').replace('name: edge', 'name: other'));
    expect(await kubectl('apply', '--dry-run=server', '-f', other)).toMatchObject({ code: 0 });
    expect((await getJson('gateway', 'edge')).spec.routes).toEqual([{ host: 'b.example', backend: 'two' }]);
    expect((await kubectl('get', 'gateway', 'other')).code).not.toBe(0);
  });
});
