// The all-in-one cluster driven by several real kubectl releases where they differ on the wire:
// protobuf bodies from `kubectl create` (1.32+), cordon/drain/uncordon through the eviction API,
// and exec over SPDY/3.1 (1.27-1.29, which predate WebSocket exec).

import { type TestImages, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';
import { k8sProtoRoot, PROTOBUF_MAGIC } from '../../libs/apiserver/src/request/protobuf/decode-protobuf';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);

const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('kubectl compatibility across releases', () => {
  let setup: ClusterWithImages | undefined;
  let images: TestImages;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    ({ images, cluster } = setup);
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  /** Runs kubectl `version` (e.g. "1.27") with its own discovery cache, optionally feeding stdin. */
  const kubectlAt = (version: string, args: string[], stdin?: string): Promise<Result> =>
    new Promise((resolve) => {
      const child = execFile(
        path.join(KUBECTL_DIR, `kubectl.${version}`),
        ['--kubeconfig', cluster.kubeconfig, '--cache-dir', path.join(cluster.dataDir, `kube-cache-${version}`), ...args],
        { timeout: 120000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          resolve({
            code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0,
            stdout,
            stderr,
          });
        },
      );
      child.stdin?.end(stdin ?? '');
    });
  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
  const apply = async (name: string, yaml: string) => {
    const file = path.join(cluster.dataDir, `${name}.yaml`);
    await fs.writeFile(file, yaml);
    return kubectl('apply', '-f', file);
  };

  describe.each(['1.32', '1.33'])('kubectl %s create commands that send protobuf', (version) => {
    const ns = `pb-${version.replace('.', '')}`;
    // `-n` goes first: anything after `--` belongs to the container's command.
    const create = (...args: string[]) => kubectlAt(version, ['-n', ns, 'create', ...args]);

    it('creates a namespace, config map and secrets with their data', async () => {
      expect(await kubectlAt(version, ['create', 'namespace', ns])).toMatchObject({ code: 0, stdout: `namespace/${ns} created\n` });
      expect((await create('configmap', 'settings', '--from-literal=mode=fast', '--from-literal=empty=')).code).toBe(0);
      expect((await getJson('configmap', 'settings', '-n', ns)).data).toEqual({ mode: 'fast', empty: '' });
      expect((await create('secret', 'generic', 'creds', '--from-literal=password=s3cr3t')).code).toBe(0);
      const secret = await getJson('secret', 'creds', '-n', ns);
      expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cr3t');
      expect(
        (await create('secret', 'docker-registry', 'pull', '--docker-server=r.example', '--docker-username=u', '--docker-password=p')).code,
      ).toBe(0);
      expect((await getJson('secret', 'pull', '-n', ns)).type).toBe('kubernetes.io/dockerconfigjson');
    });

    it('creates services of each generator with their ports', async () => {
      expect((await create('service', 'clusterip', 'api', '--tcp=80:8080')).code).toBe(0);
      expect((await getJson('service', 'api', '-n', ns)).spec).toMatchObject({
        type: 'ClusterIP',
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
        selector: { app: 'api' },
      });
      expect((await create('service', 'nodeport', 'edge', '--tcp=80:http')).code).toBe(0);
      const edge = (await getJson('service', 'edge', '-n', ns)).spec;
      expect(edge).toMatchObject({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] });
      expect(edge.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
      expect((await create('service', 'externalname', 'ext', '--external-name=db.example')).code).toBe(0);
      expect((await getJson('service', 'ext', '-n', ns)).spec).toMatchObject({ type: 'ExternalName', externalName: 'db.example' });
    });

    it('creates a deployment that becomes available and a job that runs its command to completion', async () => {
      expect((await create('deployment', 'web', `--image=${images.busybox}`, '--replicas=1', '--', 'sleep', '3600')).code).toBe(0);
      expect((await getJson('deployment', 'web', '-n', ns)).spec.template.spec.containers[0]).toMatchObject({
        image: images.busybox,
        command: ['sleep', '3600'],
      });
      expect((await kubectlAt(version, ['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=90s'])).code).toBe(0);
      expect((await create('job', 'once', `--image=${images.busybox}`, '--', 'sh', '-c', 'echo job ran')).code).toBe(0);
      expect((await kubectl('wait', '--for=condition=complete', 'job/once', '-n', ns, '--timeout=90s')).code).toBe(0);
      expect((await kubectl('logs', 'job/once', '-n', ns)).stdout.trim()).toBe('job ran');
      // `kubectl run` sends JSON; it must work alongside.
      expect((await kubectlAt(version, ['-n', ns, 'run', 'solo', `--image=${images.busybox}`, '--', 'sleep', '3600'])).code).toBe(0);
      await waitFor(async () => (await getJson('pod', 'solo', '-n', ns)).status?.phase === 'Running', {
        what: 'pod solo Running',
        timeoutMs: 60000,
      });
    });
  });

  it('answers a protobuf body of a kind it cannot decode with a 415 Status', async () => {
    const unknown = k8sProtoRoot.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
    const body = Buffer.concat([
      PROTOBUF_MAGIC,
      unknown.encode({ typeMeta: { apiVersion: 'v1', kind: 'Pod' }, raw: Buffer.from([0x0a, 0x03, 0x0a, 0x01, 0x78]) }).finish(),
    ]);
    const reply = await post('/api/v1/namespaces/default/pods', body, 'application/vnd.kubernetes.protobuf');
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'UnsupportedMediaType', code: 415 });
    expect(JSON.parse(reply.body).message).toContain('v1, Kind=Pod');
    // The server keeps serving.
    expect((await kubectl('get', 'ns', 'default')).code).toBe(0);
  });

  describe('cordon, drain and uncordon', () => {
    const podsOf = async (app: string) => (await getJson('pods', '-l', `app=${app}`)).items ?? [];

    it('cordons the node: tainted, shown as SchedulingDisabled, new pods stay Pending as unschedulable', async () => {
      // Bare pods would make drain refuse without --force; only controller-owned pods stay.
      for (const version of ['132', '133']) await kubectl('delete', 'pod', 'solo', '-n', `pb-${version}`, '--grace-period=0', '--force');
      await apply(
        'drainme',
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: drainme}
spec:
  replicas: 2
  selector: {matchLabels: {app: drainme}}
  template:
    metadata: {labels: {app: drainme}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: ${images.busybox}, command: [sleep, "3600"]}]
`,
      );
      expect((await kubectl('rollout', 'status', 'deployment/drainme', '--timeout=90s')).code).toBe(0);
      expect(await kubectl('cordon', cluster.nodeName)).toMatchObject({ code: 0, stdout: `node/${cluster.nodeName} cordoned\n` });
      await waitFor(
        async () =>
          ((await getJson('node', cluster.nodeName)).spec?.taints ?? []).some(
            (t: { key: string; effect: string }) => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule',
          ),
        { what: 'the unschedulable taint', timeoutMs: 15000 },
      );
      expect((await kubectl('get', 'node', cluster.nodeName)).stdout).toMatch(/Ready,SchedulingDisabled/);
      expect((await kubectl('run', 'waiting', `--image=${images.busybox}`, '--', 'sleep', '3600')).code).toBe(0);
      const condition = await waitFor(
        async () => (await getJson('pod', 'waiting')).status?.conditions?.find((c: { type: string }) => c.type === 'PodScheduled'),
        { what: 'a PodScheduled condition on pod waiting', timeoutMs: 15000 },
      );
      expect(condition).toMatchObject({ status: 'False', reason: 'Unschedulable' });
      const events = await waitFor(
        async () => {
          const list = (await getJson('events', '--field-selector', 'involvedObject.name=waiting')).items ?? [];
          return list.find((e: { reason: string }) => e.reason === 'FailedScheduling');
        },
        { what: 'a FailedScheduling event', timeoutMs: 15000 },
      );
      expect(events.message).toMatch(/unschedulable/);
      expect((await getJson('pod', 'waiting')).status.phase).toBe('Pending');
      await kubectl('delete', 'pod', 'waiting', '--grace-period=0', '--force');
    });

    it("drains through the eviction API; the Deployment's replacements wait Pending", async () => {
      const before = (await podsOf('drainme')).map((p: { metadata: { name: string } }) => p.metadata.name);
      expect(before).toHaveLength(2);
      const drain = await kubectl('drain', cluster.nodeName, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s', '-v=6');
      expect(drain.code).toBe(0);
      expect(drain.stdout).toContain(`node/${cluster.nodeName} drained`);
      for (const name of before) {
        expect(drain.stdout).toContain(`pod/${name} evicted`);
        expect(drain.stderr).toMatch(new RegExp(`POST https://\\S+/api/v1/namespaces/default/pods/${name}/eviction 201`));
      }
      const replacements = await waitFor(
        async () => {
          const pods = await podsOf('drainme');
          return pods.length === 2 && pods.every((p: { metadata: { name: string } }) => !before.includes(p.metadata.name))
            ? pods
            : undefined;
        },
        { what: 'two replacement pods', timeoutMs: 30000 },
      );
      for (const pod of replacements) {
        expect(pod.status.phase).toBe('Pending');
        expect(pod.spec.nodeName).toBeUndefined();
      }
    });

    it('uncordons: the taint goes and the waiting pods run', async () => {
      expect(await kubectl('uncordon', cluster.nodeName)).toMatchObject({ code: 0, stdout: `node/${cluster.nodeName} uncordoned\n` });
      await waitFor(
        async () =>
          !((await getJson('node', cluster.nodeName)).spec?.taints ?? []).some(
            (t: { key: string }) => t.key === 'node.kubernetes.io/unschedulable',
          ),
        { what: 'the taint removed', timeoutMs: 15000 },
      );
      expect((await kubectl('rollout', 'status', 'deployment/drainme', '--timeout=90s')).code).toBe(0);
      const pods = await podsOf('drainme');
      expect(pods.map((p: { status: { phase: string } }) => p.status.phase)).toEqual(['Running', 'Running']);
      expect((await kubectl('get', 'node', cluster.nodeName)).stdout).not.toMatch(/SchedulingDisabled/);
    });
  });

  // 1.27-1.29 speak only SPDY/3.1; 1.33 (WebSocket v5) checks the two paths share one upgrade handler.
  describe.each(['1.27', '1.28', '1.29', '1.33'])('kubectl %s exec', (version) => {
    beforeAll(async () => {
      if ((await getJson('pod', 'shell')).status?.phase === 'Running') return;
      expect((await kubectl('run', 'shell', `--image=${images.busybox}`, '--', 'sleep', '3600')).code).toBe(0);
      await waitFor(async () => (await getJson('pod', 'shell')).status?.phase === 'Running', {
        what: 'pod shell Running',
        timeoutMs: 60000,
      });
    });

    it('prints stdout and stderr apart and exits 0', async () => {
      const result = await kubectlAt(version, ['exec', 'shell', '--', 'sh', '-c', 'echo to-out; echo to-err >&2']);
      expect(result).toMatchObject({ code: 0, stdout: 'to-out\n', stderr: 'to-err\n' });
    });

    it('propagates a non-zero exit code', async () => {
      const result = await kubectlAt(version, ['exec', 'shell', '--', 'sh', '-c', 'echo partial; exit 42']);
      expect(result.code).toBe(42);
      expect(result.stdout).toBe('partial\n');
      expect(result.stderr).toContain('command terminated with exit code 42');
    });

    it('feeds stdin with -i and ends it', async () => {
      const input = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n') + '\n';
      const result = await kubectlAt(version, ['exec', '-i', 'shell', '--', 'sh', '-c', 'wc -l; echo done'], input);
      expect(result).toMatchObject({ code: 0, stdout: '2000\ndone\n' });
    });

    it('answers a bad container with a Status before upgrading', async () => {
      const result = await kubectlAt(version, ['exec', 'shell', '-c', 'nosuch', '--', 'true']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('container nosuch is not valid for pod shell');
    });
  });

  /** A raw POST with the admin token (kubectl offers no way to send a hand-made protobuf body). */
  async function post(urlPath: string, body: Buffer, contentType: string): Promise<{ status: number; body: string }> {
    const config = await fs.readFile(cluster.kubeconfig, 'utf8');
    const token = /token:\s*"?([^"\s]+)"?/.exec(config)?.[1];
    const ca = /certificate-authority-data:\s*"?([^"\s]+)"?/.exec(config)?.[1];
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: cluster.apiPort,
          path: urlPath,
          method: 'POST',
          ca: ca ? Buffer.from(ca, 'base64') : undefined,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType, 'Content-Length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
});
