// The real gRPC gateway under bad input: raw bytes, a TLS client sending junk, HTTP/2 that is
// not gRPC, calls with no or a wrong token, and a message over the limit. Each is refused and
// logged, while a registered node's session keeps receiving its pods and answering.
import * as grpc from '@grpc/grpc-js';
import { namespaces, pods } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { Informer } from '@stevedore/controllers';
import type { LogFields, Logger } from '@stevedore/log';
import { ensureClusterPki } from '@stevedore/pki';
import { AGENT_PROTOCOL_MAX_MESSAGE_BYTES, loadClusterProto, type ServerMessage__Output } from '@stevedore/proto';
import { MemoryStore } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as http2 from 'http2';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
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

const until = async (check: () => Promise<boolean> | boolean, what = 'condition') => {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} not met`);
};

/** Resolves once the socket closes (the gateway hung up), with what it answered before. */
function closed(socket: net.Socket | tls.TLSSocket): Promise<string> {
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
  });
}

describe('the agent gateway under hostile connections', () => {
  const warnings: string[] = [];
  let dir: string;
  let store: MemoryStore;
  let registry: ObjectRegistry;
  let podInformer: Informer;
  let gateway: AgentGateway;
  let tokens: NodeTokens;
  let port: number;
  let caCert: string;
  const clients: Client[] = [];
  /** The well-behaved node's session and the pods it has been sent. */
  let session: grpc.ClientDuplexStream<unknown, ServerMessage__Output>;
  const received: string[] = [];

  const clientWith = (authorization: string | undefined, options: grpc.ChannelOptions = {}) => {
    const Client = loadClusterProto().stevedore.cluster.v1.AgentGateway;
    const credentials = grpc.credentials.combineChannelCredentials(
      grpc.credentials.createSsl(Buffer.from(caCert)),
      grpc.credentials.createFromMetadataGenerator((_p, callback) => {
        const metadata = new grpc.Metadata();
        if (authorization) metadata.set('authorization', authorization);
        callback(null, metadata);
      }),
    );
    const client = new Client(`127.0.0.1:${port}`, credentials, options);
    clients.push(client);
    return client;
  };

  const connectStatus = (client: Client, register: Record<string, unknown>) => {
    const call = client.Connect();
    call.on('data', () => undefined);
    const ended = new Promise<grpc.StatusObject | grpc.ServiceError>((resolve) => {
      call.on('error', resolve);
      call.on('status', resolve);
    });
    call.write({ register });
    return ended;
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gateway-hostile-'));
    store = new MemoryStore();
    registry = new ObjectRegistry(store);
    for (const name of ['default', 'kube-node-lease']) await registry.create(namespaces, undefined, { metadata: { name } });
    podInformer = new Informer(store, pods);
    await podInformer.start();
    const pki = await ensureClusterPki(path.join(dir, 'pki'));
    caCert = pki.caCert;
    tokens = await NodeTokens.open(path.join(dir, 'pki', 'node-tokens.json'));
    gateway = new AgentGateway(registry, new PodRouter(podInformer), tokens, {
      tls: { cert: pki.serverCert, key: pki.serverKey },
      heartbeatIntervalMs: 60_000,
      leaseRenewIntervalMs: 60_000,
      podCidrFor: async () => '',
      log: recordingLogger(warnings),
    });
    port = await gateway.listen('127.0.0.1', 0);
    session = clientWith(`Bearer ${await tokens.issue('good')}`).Connect() as never;
    session.on('data', (message) => {
      if (message.change) received.push(JSON.parse(message.change.podJson).metadata.name);
    });
    session.on('error', () => undefined);
    session.write({ register: { nodeName: 'good', nodeJson: JSON.stringify({ metadata: { name: 'good' } }), wantsPeerRoutes: false } });
    await until(() => gateway.connectedNodes().includes('good'), 'the good node registered');
  });

  afterAll(async () => {
    session.cancel();
    for (const client of clients) client.close();
    await gateway.close();
    podInformer.stop();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** The good node still gets a new pod of its own: the gateway kept serving it. */
  const stillServed = async (name: string) => {
    await registry.create(pods, 'default', {
      metadata: { name },
      spec: { nodeName: 'good', containers: [{ name: 'c', image: 'busybox' }] },
    });
    await until(() => received.includes(name), `the good node was sent pod ${name}`);
    expect(gateway.connectedNodes()).toEqual(['good']);
  };

  it('hangs up on raw bytes and logs the failed handshake', async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => socket.write(Buffer.from('\x00\xffGET / HTTP/1.1\r\n\r\n garbage \x16\x03\x01\x00\x05hello')));
    await closed(socket);
    await until(() => warnings.some((w) => w.includes('refused on the agent port: TLS handshake failed')), 'the refusal logged');
    await stillServed('after-raw-bytes');
  });

  it('hangs up on a TLS client that sends junk instead of HTTP/2', async () => {
    const socket = tls.connect({ port, host: '127.0.0.1', ca: caCert, servername: 'localhost', ALPNProtocols: ['h2'] });
    socket.on('secureConnect', () => socket.write(Buffer.alloc(4096, 0x41)));
    await closed(socket);
    await until(() => warnings.some((w) => w.includes('its HTTP/2 frames were invalid')), 'the invalid frames logged');
    await stillServed('after-tls-junk');
  });

  it('answers HTTP/2 without gRPC with 415 and logs it', async () => {
    const h2 = http2.connect(`https://127.0.0.1:${port}`, { ca: caCert, servername: 'localhost' });
    h2.on('error', () => undefined);
    const status = await new Promise<number>((resolve, reject) => {
      const request = h2.request({ ':method': 'GET', ':path': '/metrics' });
      request.on('response', (headers) => resolve(Number(headers[':status'])));
      request.on('error', reject);
      request.end();
    });
    h2.close();
    expect(status).toBe(415);
    expect(warnings.join('\n')).toContain('an HTTP/2 request that is not gRPC');
    await stillServed('after-plain-http2');
  });

  it('refuses sessions with no token and with a wrong one, and logs them', async () => {
    const register = { nodeName: 'good', nodeJson: '{}', wantsPeerRoutes: false };
    expect((await connectStatus(clientWith(undefined), register)).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await connectStatus(clientWith('Bearer node.not-a-real-token'), register)).code).toBe(grpc.status.UNAUTHENTICATED);
    expect(warnings.join('\n')).toContain('a call without a valid node token');
    await stillServed('after-bad-tokens');
  });

  it('refuses a message over the limit with RESOURCE_EXHAUSTED', async () => {
    const client = clientWith(`Bearer ${await tokens.issue('big')}`, { 'grpc.max_send_message_length': -1 });
    const huge = 'x'.repeat(AGENT_PROTOCOL_MAX_MESSAGE_BYTES + 1024);
    const ended = await connectStatus(client, { nodeName: 'big', nodeJson: JSON.stringify({ metadata: { name: 'big' }, huge }) });
    expect(ended.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(gateway.connectedNodes()).not.toContain('big');
    await until(() => warnings.some((w) => w.includes('a node session ended before it registered') && w.includes('"node":"big"')));
    await stillServed('after-huge-message');
  });
});
