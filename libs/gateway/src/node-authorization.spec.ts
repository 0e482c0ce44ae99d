// Node authorization over the real gRPC gateway: a second node's credential asks for the first
// node's Secret, ConfigMap and pod token, registers under the first node's name and reports the
// first node's pod; every one is refused and logged, while the owner's own requests succeed.
import * as grpc from '@grpc/grpc-js';
import { configMaps, namespaces, nodes, pods, secrets } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { Informer } from '@stevedore/controllers';
import type { LogFields, Logger } from '@stevedore/log';
import { ensureClusterPki } from '@stevedore/pki';
import { loadClusterProto } from '@stevedore/proto';
import { MemoryStore } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentGateway } from './gateway-server';
import { NodeTokens } from './node-tokens';
import { PodRouter } from './pod-router';

type Client = InstanceType<ReturnType<typeof loadClusterProto>['stevedore']['cluster']['v1']['AgentGateway']>;

function recordingLogger(warnings: string[]): Logger {
  const log: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (msg: string, fields?: LogFields) => warnings.push(`${msg} ${JSON.stringify(fields ?? {})}`),
    error: () => undefined,
    child: () => log,
  };
  return log;
}

const until = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met');
};

describe('node authorization at the gateway', () => {
  const warnings: string[] = [];
  let dir: string;
  let store: MemoryStore;
  let registry: ObjectRegistry;
  let podInformer: Informer;
  let gateway: AgentGateway;
  let tokens: NodeTokens;
  let clientFor: (node: string) => Promise<Client>;
  const clients: Client[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'node-authz-'));
    store = new MemoryStore();
    registry = new ObjectRegistry(store);
    for (const name of ['default', 'kube-node-lease']) await registry.create(namespaces, undefined, { metadata: { name } });
    await registry.create(secrets, 'default', { metadata: { name: 'db-password' }, data: { p: 'c2VjcmV0' } });
    await registry.create(configMaps, 'default', { metadata: { name: 'settings' }, data: { a: 'b' } });
    const spec = (node: string, refs: boolean) => ({
      nodeName: node,
      containers: [{ name: 'c', image: 'busybox', ...(refs ? { envFrom: [{ configMapRef: { name: 'settings' } }] } : {}) }],
      ...(refs ? { volumes: [{ name: 'pw', secret: { secretName: 'db-password' } }] } : {}),
    });
    await registry.create(pods, 'default', { metadata: { name: 'on-n1' }, spec: spec('n1', true) });
    await registry.create(pods, 'default', { metadata: { name: 'on-n2' }, spec: spec('n2', false) });
    podInformer = new Informer(store, pods);
    await podInformer.start();
    const pki = await ensureClusterPki(path.join(dir, 'pki'));
    tokens = await NodeTokens.open(path.join(dir, 'pki', 'node-tokens.json'));
    gateway = new AgentGateway(registry, new PodRouter(podInformer), tokens, {
      tls: { cert: pki.serverCert, key: pki.serverKey },
      heartbeatIntervalMs: 60_000,
      leaseRenewIntervalMs: 60_000,
      podCidrFor: async () => '',
      log: recordingLogger(warnings),
      podTokens: async () => ({ token: 'pod-token', expirationTimestamp: new Date().toISOString() }),
    });
    const port = await gateway.listen('127.0.0.1', 0);
    const Client = loadClusterProto().stevedore.cluster.v1.AgentGateway;
    clientFor = async (node) => {
      const token = await tokens.issue(node);
      const credentials = grpc.credentials.combineChannelCredentials(
        grpc.credentials.createSsl(Buffer.from(pki.caCert)),
        grpc.credentials.createFromMetadataGenerator((_p, callback) => {
          const metadata = new grpc.Metadata();
          metadata.set('authorization', `Bearer ${token}`);
          callback(null, metadata);
        }),
      );
      const client = new Client(`127.0.0.1:${port}`, credentials);
      clients.push(client);
      return client;
    };
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await gateway.close();
    podInformer.stop();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const fetch = (client: Client, kind: string, name: string) =>
    new Promise<{ code?: number; found?: boolean }>((resolve) =>
      client.Fetch({ kind, namespace: 'default', name }, (err, res) => resolve(err ? { code: err.code } : { found: res?.found })),
    );

  it("lets a node read what its own pods reference, and refuses another node's", async () => {
    const n1 = await clientFor('n1');
    const n2 = await clientFor('n2');
    expect(await fetch(n1, 'Secret', 'db-password')).toEqual({ found: true });
    expect(await fetch(n1, 'ConfigMap', 'settings')).toEqual({ found: true });
    expect(await fetch(n2, 'Secret', 'db-password')).toEqual({ code: grpc.status.PERMISSION_DENIED });
    expect(await fetch(n2, 'ConfigMap', 'settings')).toEqual({ code: grpc.status.PERMISSION_DENIED });
    expect(warnings.join('\n')).toContain('no pod on node n2 refers to Secret default/db-password');
  });

  it("refuses a token for another node's pod", async () => {
    const n2 = await clientFor('n2');
    const pod = podInformer.get('default', 'on-n1')!;
    const request = { namespace: 'default', pod: 'on-n1', podUid: pod.metadata.uid, audience: '', expirationSeconds: 3600 };
    const code = await new Promise<number | undefined>((resolve) => n2.PodToken(request, (err) => resolve(err?.code)));
    expect(code).toBe(grpc.status.PERMISSION_DENIED);
    const own = podInformer.get('default', 'on-n2')!;
    const granted = await new Promise<string | undefined>((resolve) =>
      n2.PodToken({ ...request, pod: 'on-n2', podUid: own.metadata.uid }, (_err, res) => resolve(res?.token)),
    );
    expect(granted).toBe('pod-token');
  });

  it("refuses a session claiming another node's name", async () => {
    const call = (await clientFor('n2')).Connect();
    const ended = new Promise<number | undefined>((resolve) => {
      call.on('error', (err: grpc.ServiceError) => resolve(err.code));
      call.on('status', (status: grpc.StatusObject) => resolve(status.code));
    });
    call.on('data', () => undefined);
    call.write({ register: { nodeName: 'n1', nodeJson: JSON.stringify({ metadata: { name: 'n1' } }), wantsPeerRoutes: false } });
    await until(() => warnings.some((w) => w.includes('refused a node session: its token is for another node')));
    expect(await ended).toBe(grpc.status.PERMISSION_DENIED);
    await expect(registry.get(nodes, undefined, 'n1')).rejects.toMatchObject({ status: { code: 404 } });
    call.cancel();
  });

  it("refuses and logs a status report for another node's pod, and writes its own", async () => {
    const call = (await clientFor('n2')).Connect();
    call.on('data', () => undefined);
    call.on('error', () => undefined);
    call.write({ register: { nodeName: 'n2', nodeJson: JSON.stringify({ metadata: { name: 'n2' } }), wantsPeerRoutes: false } });
    const report = (name: string) => {
      const pod = podInformer.get('default', name)!;
      call.write({ podStatus: { namespace: 'default', name, uid: pod.metadata.uid, statusJson: JSON.stringify({ phase: 'Failed' }) } });
    };
    report('on-n1');
    report('on-n2');
    await until(async () => (await registry.get(pods, 'default', 'on-n2')).status?.phase === 'Failed');
    expect((await registry.get(pods, 'default', 'on-n1')).status?.phase).not.toBe('Failed');
    expect(warnings.join('\n')).toContain('refused a report about a pod bound to another node {"pod":"default/on-n1"');
    call.end();
  });
});
