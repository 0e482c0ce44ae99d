// Admission webhooks with the real kubectl on the all-in-one cluster: a mutating webhook on
// 127.0.0.1 labels new pods, a validating one refuses pods with a given label (kubectl prints its
// message), one refuses deletes of labelled ConfigMaps, a webhook that is down lets writes
// through under failurePolicy Ignore and refuses them under Fail, a `service` webhook is
// reached through its Service's EndpointSlice, a CONNECT webhook refuses `kubectl exec`, and one
// on pods/status sees the node's status writes and refuses a user's.
// (No test image can serve TLS from a pod, so the Service's endpoint is the host's 127.0.0.1.)

import { freePort, waitFor } from '@stevedore/testing';
import { jsonPatch, type RunningWebhook, startWebhookServer } from '../../libs/apiserver/src/admission-webhooks/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

const NS = 'hooked';

describe('admission webhooks', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let webhook: RunningWebhook;

  beforeAll(async () => {
    webhook = await startWebhookServer(
      ({ path, review }) => {
        // A CONNECT's object (PodExecOptions) has no metadata.
        const labels = review.request.object?.metadata?.labels ?? {};
        // A ConfigMap made by `kubectl create` has no labels yet: add the map, not a key in it.
        const op = review.request.object?.metadata?.labels
          ? { op: 'add', path: '/metadata/labels/injected-by', value: 'webhook' }
          : { op: 'add', path: '/metadata/labels', value: { 'injected-by': 'webhook' } };
        if (path.startsWith('/label')) return { allowed: true, ...jsonPatch([op]), warnings: ['labelled by the e2e webhook'] };
        if (path.startsWith('/keep') && review.request.operation === 'DELETE' && review.request.oldObject?.metadata.labels?.keep === 'true')
          return { allowed: false, status: { message: 'configmaps labelled keep=true stay' } };
        if (path.startsWith('/deny') && labels.forbidden === 'true')
          return { allowed: false, status: { code: 403, message: 'pods labelled forbidden=true are refused' } };
        type Seen = { command?: string[]; status?: { conditions?: { type: string }[] }; spec?: { replicas?: number } };
        const object = review.request.object as Seen | null;
        if (path.startsWith('/scale') && (object?.spec?.replicas ?? 0) > 2)
          return { allowed: false, status: { code: 422, message: 'at most 2 replicas here' } };
        if (path.startsWith('/no-exec') && object?.command?.includes('secret'))
          return { allowed: false, status: { code: 403, message: 'exec of secret commands is refused' } };
        if (path.startsWith('/status') && object?.status?.conditions?.some((c) => c.type === 'example.com/Frozen'))
          return { allowed: false, status: { message: 'pods may not be frozen' } };
        return { allowed: true };
      },
      { dnsNames: [`hooks.${NS}.svc`] },
    );
    setup = await startClusterWithImages();
    cluster = setup.cluster;
    await succeeds(kubectl('create', 'namespace', NS));
    await succeeds(kubectl('label', 'namespace', NS, 'webhooks=e2e'));
  });

  afterAll(async () => {
    await webhook?.close();
    expect(await stopClusterWithImages(setup)).toEqual([]);
  });

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const succeeds = async (run: Promise<{ code: number; stderr: string }>) => {
    const { code, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  };
  const webhookYaml = (kind: string, name: string, clientConfig: string, extra = '') => `apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}}
webhooks:
- name: ${name}.stevedore.test
  admissionReviewVersions: [v1]
  sideEffects: None
  timeoutSeconds: 5
  clientConfig: ${clientConfig}
  namespaceSelector: {matchLabels: {webhooks: e2e}}
  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods, configmaps]}]
${extra}`;
  const urlConfig = (path: string) => `{url: "${webhook.url(path)}", caBundle: ${webhook.caBundle}}`;
  const podYaml = (name: string, labels = '{app: web}') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${NS}, labels: ${labels}}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
`;
  /** Creates a ConfigMap in the hooked namespace with the server's dry run, which webhooks see like a real write. */
  const dryRunConfigMap = (name: string) =>
    kubectl('create', 'configmap', name, '-n', NS, '--dry-run=server', '-o', 'jsonpath={.metadata.labels}');

  it('refuses a configuration Kubernetes would refuse, with its field paths', async () => {
    const bad = await applyManifest(
      cluster,
      'bad-webhook',
      webhookYaml('ValidatingWebhookConfiguration', 'bad', '{url: "http://127.0.0.1/x?y=1"}', '  failurePolicy: Sometimes\n').replace(
        'bad.stevedore.test',
        'bad',
      ),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The ValidatingWebhookConfiguration "bad" is invalid');
    expect(bad.stderr).toContain(
      'webhooks[0].name: Invalid value: "bad": should be a domain with at least three segments separated by dots',
    );
    expect(bad.stderr).toContain(
      `webhooks[0].clientConfig.url: Invalid value: "http://127.0.0.1/x?y=1": 'https' is the only allowed URL scheme`,
    );
    expect(bad.stderr).toContain('webhooks[0].failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"');
    expect((await kubectl('get', 'validatingwebhookconfigurations', '-o', 'name')).stdout.trim()).toBe('');
  });

  it('labels new pods through a mutating url webhook, with defaults filled in', async () => {
    await succeeds(applyManifest(cluster, 'label', webhookYaml('MutatingWebhookConfiguration', 'label', urlConfig('/label'))));
    const stored = JSON.parse((await kubectl('get', 'mutatingwebhookconfiguration', 'label', '-o', 'json')).stdout);
    expect(stored.webhooks[0]).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      reinvocationPolicy: 'Never',
      timeoutSeconds: 5,
    });
    expect((await kubectl('get', 'mutatingwebhookconfigurations')).stdout).toMatch(/^NAME\s+WEBHOOKS\s+AGE\nlabel\s+1\s+/);
    // The control plane reads configurations from its informer: wait until it has this one.
    await waitFor(async () => (await dryRunConfigMap('probe')).stdout.includes('injected-by'), { what: 'the mutating webhook to apply' });
    const created = await applyManifest(cluster, 'labelled-pod', podYaml('labelled'));
    expect(created.code).toBe(0);
    expect(created.stderr.trim()).toBe('Warning: labelled by the e2e webhook');
    const labels = JSON.parse((await kubectl('get', 'pod', 'labelled', '-n', NS, '-o', 'jsonpath={.metadata.labels}')).stdout);
    expect(labels).toEqual({ app: 'web', 'injected-by': 'webhook' });
    const review = webhook.received.find((r) => r.path.startsWith('/label') && r.review.request.name === 'labelled')!.review.request;
    expect(review).toMatchObject({ operation: 'CREATE', namespace: NS, dryRun: false, kind: { group: '', version: 'v1', kind: 'Pod' } });
    expect(review.userInfo).toMatchObject({ username: expect.any(String), groups: expect.arrayContaining(['system:authenticated']) });
    await succeeds(kubectl('delete', 'mutatingwebhookconfiguration', 'label'));
  });

  it("refuses pods a validating webhook denies, and kubectl shows the webhook's message", async () => {
    await succeeds(applyManifest(cluster, 'deny', webhookYaml('ValidatingWebhookConfiguration', 'deny', urlConfig('/deny'))));
    await waitFor(
      async () => {
        await dryRunConfigMap('probe2');
        return webhook.received.some((r) => r.path.startsWith('/deny'));
      },
      { what: 'the validating webhook to be called' },
    );
    const refused = await applyManifest(cluster, 'forbidden-pod', podYaml('forbidden', '{forbidden: "true"}'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'admission webhook "deny.stevedore.test" denied the request: pods labelled forbidden=true are refused',
    );
    expect((await kubectl('get', 'pod', 'forbidden', '-n', NS)).stderr).toContain('pods "forbidden" not found');
    await succeeds(applyManifest(cluster, 'allowed-pod', podYaml('allowed', '{forbidden: "false"}')));
    await succeeds(kubectl('delete', 'validatingwebhookconfiguration', 'deny'));
  });

  /** A webhook configuration for one rule (`operations` on `resources`) in the hooked namespace. */
  const ruleYaml = (name: string, operations: string, resources: string) =>
    webhookYaml('ValidatingWebhookConfiguration', name, urlConfig(`/${name}`)).replace(
      'rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods, configmaps]}]',
      `rules: [{operations: [${operations}], apiGroups: [""], apiVersions: [v1], resources: [${resources}]}]`,
    );

  it("refuses kubectl exec when a CONNECT webhook denies it, with the webhook's message", async () => {
    await succeeds(kubectl('wait', '--for=condition=Ready', 'pod/allowed', '-n', NS, '--timeout=60s'));
    await succeeds(applyManifest(cluster, 'no-exec', ruleYaml('no-exec', 'CONNECT', 'pods/exec, pods/attach, pods/portforward')));
    const refused = await waitFor(
      async () => {
        const r = await kubectl('exec', 'allowed', '-n', NS, '--', 'echo', 'secret');
        return r.code !== 0 && r;
      },
      { what: 'the CONNECT webhook to take effect' },
    );
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('admission webhook "no-exec.stevedore.test" denied the request: exec of secret commands is refused');
    const allowed = await kubectl('exec', 'allowed', '-n', NS, '--', 'echo', 'hello');
    expect(allowed).toMatchObject({ code: 0, stdout: 'hello\n' });
    const review = webhook.received.find((r) => r.path.startsWith('/no-exec') && r.review.request.object)!.review.request;
    expect(review).toMatchObject({
      operation: 'CONNECT',
      kind: { group: '', version: 'v1', kind: 'PodExecOptions' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      subResource: 'exec',
      name: 'allowed',
      namespace: NS,
      object: { kind: 'PodExecOptions', apiVersion: 'v1', container: 'main', stdout: true, stderr: true },
      userInfo: { groups: expect.arrayContaining(['system:authenticated']) },
    });
    await succeeds(kubectl('delete', 'validatingwebhookconfiguration', 'no-exec'));
  });

  it("sends the node's status writes to a pods/status webhook, and refuses a status it denies", async () => {
    await succeeds(applyManifest(cluster, 'status', ruleYaml('status', 'UPDATE', 'pods/status')));
    const frozen = '{"status":{"conditions":[{"type":"example.com/Frozen","status":"True"}]}}';
    const refused = await waitFor(
      async () => {
        const r = await kubectl('patch', 'pod', 'allowed', '-n', NS, '--subresource=status', '-p', frozen);
        return r.code !== 0 && r;
      },
      { what: 'the status webhook to take effect' },
    );
    expect(refused.stderr).toContain('admission webhook "status.stevedore.test" denied the request: pods may not be frozen');
    const conditions = await kubectl('get', 'pod', 'allowed', '-n', NS, '-o', 'jsonpath={.status.conditions[*].type}');
    expect(conditions.stdout).not.toContain('Frozen');
    // A new pod's status as its node reports it goes through the webhook too.
    await succeeds(applyManifest(cluster, 'watched-pod', podYaml('watched')));
    await succeeds(kubectl('wait', '--for=condition=Ready', 'pod/watched', '-n', NS, '--timeout=60s'));
    const seen = webhook.received.filter((r) => r.path.startsWith('/status') && r.review.request.name === 'watched');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.review.request).toMatchObject({
      userInfo: { username: `system:node:${cluster.nodeName}`, groups: expect.arrayContaining(['system:nodes']) },
      operation: 'UPDATE',
      subResource: 'status',
      oldObject: { metadata: { name: 'watched' } },
    });
    await succeeds(kubectl('delete', 'validatingwebhookconfiguration', 'status'));
  });

  it('sends kubectl scale to a deployments/scale webhook as a Scale, and keeps the replicas it refuses', async () => {
    const scaleHook = ruleYaml('scale', 'UPDATE', 'deployments/scale').replace('apiGroups: [""]', 'apiGroups: [apps]');
    await succeeds(applyManifest(cluster, 'scale', scaleHook));
    await succeeds(
      kubectl('create', 'deployment', 'web', '-n', NS, `--image=${setup!.images.busybox}`, '--replicas=0', '--', 'sleep', '3600'),
    );
    const refused = await waitFor(
      async () => {
        const r = await kubectl('scale', 'deployment', 'web', '-n', NS, '--replicas=5');
        return r.code !== 0 && r;
      },
      { what: 'the scale webhook to take effect' },
    );
    expect(refused.stderr).toContain('admission webhook "scale.stevedore.test" denied the request: at most 2 replicas here');
    expect((await kubectl('get', 'deployment', 'web', '-n', NS, '-o', 'jsonpath={.spec.replicas}')).stdout).toBe('0');
    const review = webhook.received.find((r) => r.path.startsWith('/scale'))!.review.request;
    expect(review).toMatchObject({
      operation: 'UPDATE',
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      subResource: 'scale',
      object: { spec: { replicas: 5 } },
      oldObject: { spec: { replicas: 0 } },
    });
    await succeeds(kubectl('delete', 'validatingwebhookconfiguration', 'scale'));
    await succeeds(kubectl('delete', 'deployment', 'web', '-n', NS));
  });

  it('sends deletes to webhooks whose rules name DELETE, and keeps what they refuse to delete', async () => {
    const keep = webhookYaml('ValidatingWebhookConfiguration', 'keep', urlConfig('/keep')).replace(
      'operations: [CREATE]',
      'operations: [DELETE]',
    );
    await succeeds(applyManifest(cluster, 'keep', keep));
    await succeeds(kubectl('create', 'configmap', 'precious', '-n', NS));
    await succeeds(kubectl('label', 'configmap', 'precious', '-n', NS, 'keep=true'));
    const refused = await waitFor(
      async () => {
        const r = await kubectl('delete', 'configmap', 'precious', '-n', NS);
        return r.code !== 0 && r;
      },
      { what: 'the delete webhook to take effect' },
    );
    expect(refused.stderr).toContain('admission webhook "keep.stevedore.test" denied the request: configmaps labelled keep=true stay');
    await succeeds(kubectl('get', 'configmap', 'precious', '-n', NS));
    await succeeds(kubectl('label', 'configmap', 'precious', '-n', NS, 'keep=false', '--overwrite'));
    await succeeds(kubectl('delete', 'configmap', 'precious', '-n', NS));
    await succeeds(kubectl('delete', 'validatingwebhookconfiguration', 'keep'));
  });

  it('lets writes through under failurePolicy Ignore when the webhook is down, and refuses them under Fail', async () => {
    // A port the kernel just handed out and took back: nothing listens on it.
    const down = `{url: "https://127.0.0.1:${await freePort()}/down"}`;
    await succeeds(
      applyManifest(cluster, 'down', webhookYaml('ValidatingWebhookConfiguration', 'down', down, '  failurePolicy: Ignore\n')),
    );
    await succeeds(kubectl('create', 'configmap', 'through', '-n', NS));
    await succeeds(applyManifest(cluster, 'down', webhookYaml('ValidatingWebhookConfiguration', 'down', down, '  failurePolicy: Fail\n')));
    const refused = await waitFor(
      async () => {
        const r = await kubectl('create', 'configmap', 'blocked', '-n', NS);
        return r.code !== 0 && r;
      },
      { what: 'the Fail policy to take effect' },
    );
    expect(refused.stderr).toMatch(
      /Internal error occurred: failed calling webhook "down.stevedore.test": failed to call webhook: Post "https:\/\/127.0.0.1:\d+\/down\?timeout=5s": dial tcp 127.0.0.1:\d+: connect: connection refused/,
    );
    // Outside the selected namespace the webhook is not called at all.
    await succeeds(kubectl('create', 'configmap', 'elsewhere', '-n', 'default'));
    await succeeds(kubectl('delete', 'validatingwebhookconfiguration', 'down'));
  });

  it("reaches a `service` webhook through its Service's EndpointSlice, checking the certificate for SERVICE.NAMESPACE.svc", async () => {
    const service = `apiVersion: v1
kind: Service
metadata: {name: hooks, namespace: ${NS}}
spec: {ports: [{name: https, port: 443, targetPort: ${webhook.port}}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: hooks-host, namespace: ${NS}, labels: {kubernetes.io/service-name: hooks}}
addressType: IPv4
ports: [{name: https, port: ${webhook.port}, protocol: TCP}]
endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
`;
    await succeeds(applyManifest(cluster, 'hooks-service', service));
    const byService = `{service: {namespace: ${NS}, name: hooks, path: /label}, caBundle: ${webhook.caBundle}}`;
    await succeeds(applyManifest(cluster, 'by-service', webhookYaml('MutatingWebhookConfiguration', 'by-service', byService)));
    await waitFor(async () => (await dryRunConfigMap('via-service')).stdout.includes('injected-by'), {
      what: 'the service webhook to apply',
    });
    const called = webhook.received.filter((r) => r.path === '/label?timeout=5s' && r.review.request.name === 'via-service');
    expect(called.length).toBeGreaterThan(0);
    await succeeds(kubectl('delete', 'mutatingwebhookconfiguration', 'by-service'));
  });
});
