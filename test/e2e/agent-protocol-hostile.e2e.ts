// Attacks a running cluster's agent port (the gateway every node agent connects to) with what a
// hostile or broken peer sends: raw bytes, TLS then junk, HTTP/2 that is not gRPC, calls with no
// or a wrong token, another node's name, a message over the limit, and a flood of connections.
// Each is refused and logged, while the real agent's node stays Ready and takes new pods. A node
// whose pods add up to more than one message gets them in parts across a restart.
import * as grpc from '@grpc/grpc-js';
import { AGENT_PROTOCOL_MAX_MESSAGE_BYTES, loadClusterProto } from '@stevedore/proto';
import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as http2 from 'http2';
import * as net from 'net';
import * as path from 'path';
import * as tls from 'tls';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(360_000);

type Client = InstanceType<ReturnType<typeof loadClusterProto>['stevedore']['cluster']['v1']['AgentGateway']>;

/** Resolves once the gateway hung up on the socket. */
function hungUp(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

describe('the agent gateway of a running cluster under hostile input', () => {
  let setup: ClusterWithImages | undefined;
  let caCert: string;
  let impostorToken: string;
  const impostor = `impostor-${Math.random().toString(16).slice(2, 6)}`;
  const clients: Client[] = [];

  beforeAll(async () => {
    // `--node` makes `up` issue (and print) a second node's token: a real credential to misuse.
    setup = await startClusterWithImages(['--node', impostor]);
    caCert = await fs.readFile(path.join(setup.cluster.dataDir, 'ca.crt'), 'utf8');
    impostorToken = new RegExp(`join ${impostor}: stevedore agent .*--token (\\S+)`).exec(setup.cluster.output())![1]!;
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    expect(await stopClusterWithImages(setup)).toEqual([]);
  });

  const kubectl = (...args: string[]) => setup!.cluster.kubectl(...args);
  const jsonpath = async (what: string, path: string) => (await kubectl('get', ...what.split(' '), '-o', `jsonpath=${path}`)).stdout;
  const nodeReady = () => jsonpath(`node ${setup!.cluster.nodeName}`, '{.status.conditions[?(@.type=="Ready")].status}');
  const running = (pod: string) =>
    waitFor(async () => (await jsonpath(`pod ${pod}`, '{.status.phase}')) === 'Running', { what: `pod ${pod} Running`, timeoutMs: 90_000 });
  const sleeper = (name: string) =>
    applyManifest(
      setup!.cluster,
      name,
      `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}"},"spec":{"terminationGracePeriodSeconds":0,` +
        `"containers":[{"name":"main","image":"${setup!.images.busybox}","command":["sleep","3600"]}]}}`,
    );

  const gatewayClient = (authorization?: string, options: grpc.ChannelOptions = {}) => {
    const Client = loadClusterProto().stevedore.cluster.v1.AgentGateway;
    const credentials = grpc.credentials.combineChannelCredentials(
      grpc.credentials.createSsl(Buffer.from(caCert)),
      grpc.credentials.createFromMetadataGenerator((_p, callback) => {
        const metadata = new grpc.Metadata();
        if (authorization) metadata.set('authorization', authorization);
        callback(null, metadata);
      }),
    );
    const client = new Client(`127.0.0.1:${setup!.cluster.agentPort}`, credentials, options);
    clients.push(client);
    return client;
  };

  /** Opens a Connect session, sends a register message, and resolves with the status it ended with. */
  const register = (client: Client, nodeName: string, extra = '') =>
    new Promise<number>((resolve) => {
      const call = client.Connect();
      call.on('data', () => undefined);
      call.on('error', (err: grpc.ServiceError) => resolve(err.code));
      call.on('status', (status: grpc.StatusObject) => resolve(status.code));
      call.write({ register: { nodeName, nodeJson: JSON.stringify({ metadata: { name: nodeName }, extra }), wantsPeerRoutes: false } });
    });

  it('refuses and logs every attack while the node stays Ready and takes new pods', async () => {
    const port = setup!.cluster.agentPort;
    expect((await sleeper('before')).code).toBe(0);
    await running('before');
    const started = Date.now();

    const raw = net.connect(port, '127.0.0.1');
    raw.on('connect', () => raw.write(Buffer.from('\x00\xffGET / HTTP/1.1\r\nHost: x\r\n\r\n\x16\x03\x01\x00\x05junk')));
    await hungUp(raw);

    const junk = tls.connect({ port, host: '127.0.0.1', ca: caCert, servername: 'localhost', ALPNProtocols: ['h2'] });
    junk.on('secureConnect', () => junk.write(Buffer.alloc(8192, 0x41)));
    await hungUp(junk);

    const h2 = http2.connect(`https://127.0.0.1:${port}`, { ca: caCert, servername: 'localhost' });
    h2.on('error', () => undefined);
    const plainStatus = await new Promise<number>((resolve, reject) => {
      const request = h2.request({ ':method': 'POST', ':path': '/stevedore.cluster.v1.AgentGateway/Connect' });
      request.on('response', (headers) => resolve(Number(headers[':status'])));
      request.on('error', reject);
      request.end('not a grpc frame');
    });
    h2.close();
    expect(plainStatus).toBe(415);

    const node = setup!.cluster.nodeName;
    expect(await register(gatewayClient(), node)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await register(gatewayClient('Bearer node.forged-token-forged-token'), node)).toBe(grpc.status.UNAUTHENTICATED);
    // A real credential, for another node, claiming this node's name.
    expect(await register(gatewayClient(`Bearer ${impostorToken}`), node)).toBe(grpc.status.PERMISSION_DENIED);
    // Over the limit: this client lifts its own send limit; the gateway's receive limit still holds.
    const unbounded = gatewayClient(`Bearer ${impostorToken}`, { 'grpc.max_send_message_length': -1 });
    const huge = 'x'.repeat(AGENT_PROTOCOL_MAX_MESSAGE_BYTES + 4096);
    expect(await register(unbounded, impostor, huge)).toBe(grpc.status.RESOURCE_EXHAUSTED);

    // A flood: 200 connections at once, each sending junk.
    await Promise.all(
      Array.from({ length: 200 }, () => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('connect', () => socket.write(Buffer.alloc(512, 0x17)));
        return hungUp(socket);
      }),
    );
    const attackMs = Date.now() - started;

    // The gateway kept serving the real agent: Ready, its pod untouched, a new pod scheduled to it runs.
    expect(await nodeReady()).toBe('True');
    expect(await jsonpath('pod before', '{.status.containerStatuses[0].restartCount}')).toBe('0');
    const newPodAt = Date.now();
    expect((await sleeper('after')).code).toBe(0);
    await running('after');
    expect(await jsonpath('pod after', '{.spec.nodeName}')).toBe(node);
    expect(await jsonpath(`node ${impostor}`, '{.metadata.name}')).toBe('');

    const log = setup!.cluster.output();
    for (const line of [
      'refused on the agent port: TLS handshake failed',
      'refused on the agent port: its HTTP/2 frames were invalid',
      'refused on the agent port: an HTTP/2 request that is not gRPC',
      'refused on the agent port: a call without a valid node token',
      'refused a node session: its token is for another node',
      'a node session ended before it registered',
    ])
      expect(log).toContain(line);
    // Rate-limited: the flood of 200 junk connections from one address left a few lines, not 200.
    const handshakeLines = log.split('\n').filter((l) => l.includes('TLS handshake failed')).length;
    expect(handshakeLines).toBeLessThan(10);
    process.stdout.write(
      `agent-protocol-hostile: 207 hostile connections refused in ${attackMs} ms; node Ready; a new pod Running ` +
        `${Date.now() - newPodAt} ms after create; ${handshakeLines} handshake-failure log lines\n`,
    );
  });

  it('sends a node its pods in parts when they add up to more than one message, across a restart', async () => {
    // 14 pods of ~1.3 MiB (just under the store's limit per object) make an ~18 MiB snapshot.
    const value = 'x'.repeat(100 * 1024);
    const names = Array.from({ length: 14 }, (_, i) => `big-${i}`);
    const dir = path.join(setup!.cluster.dataDir, 'manifests');
    await fs.mkdir(dir, { recursive: true });
    for (const name of names) {
      const env = Array.from({ length: 13 }, (_, i) => ({ name: `FILL_${i}`, value }));
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          nodeName: setup!.cluster.nodeName,
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'main', image: setup!.images.busybox, command: ['sleep', '3600'], env }],
        },
      };
      await fs.writeFile(path.join(dir, `${name}.json`), JSON.stringify(pod));
      const created = await kubectl('create', '-f', path.join(dir, `${name}.json`));
      expect(created).toMatchObject({ code: 0 });
    }
    for (const name of names) await running(name);

    await setup!.cluster.stop();
    const restartedAt = Date.now();
    await setup!.cluster.restart();
    await waitFor(async () => (await nodeReady()) === 'True', { what: 'node Ready after the restart', timeoutMs: 90_000 });
    for (const name of names) await running(name);
    const restarts = await jsonpath('pods', '{range .items[*]}{.status.containerStatuses[0].restartCount}{"\\n"}{end}');
    expect(restarts.split('\n').filter((r) => r !== '' && r !== '0')).toEqual([]);
    expect(setup!.cluster.output()).not.toContain('lost the control plane session');
    process.stdout.write(
      `agent-protocol-hostile: ${names.length} pods of ~1.3 MiB (an ~18 MiB snapshot) re-adopted, ` +
        `node Ready ${Date.now() - restartedAt} ms after the restart\n`,
    );
    await kubectl('delete', 'pods', ...names, '--grace-period=0', '--force', '--wait=false');
  });
});
