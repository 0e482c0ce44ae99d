// Fault-injection suite, fault 5: the registry goes down in the middle of a pull (the first layer
// is cut off halfway, then every connection is refused). The pod shows ErrImagePull, then
// ImagePullBackOff, and is Running soon after the registry returns. Prints its figures (see
// docs/reliability.md).
import { pushTestImages, type RunningRegistry, startRegistry, waitFor } from '@stevedore/testing';
import * as http from 'http';
import type { Socket } from 'net';
import { type ClusterProcess, startCluster } from './support/cluster-process';
import { applyManifest } from './support/cluster-with-images';

jest.setTimeout(300_000);

/** A pass-through to the registry that can be taken down, cutting what is in flight. */
class SwitchableRegistry {
  up = true;
  /** Set when the first blob download was cut off halfway. */
  cutAt?: number;
  private readonly sockets = new Set<Socket>();
  private readonly server: http.Server;
  host = '';

  constructor(private readonly target: RunningRegistry) {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.on('connection', (socket) => {
      if (!this.up) return socket.destroy();
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  down(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.down();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!this.up) return void res.destroy();
    const cut = this.cutAt === undefined && req.method === 'GET' && req.url?.includes('/blobs/');
    const upstream = http.request(`${this.target.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!cut) return void answer.pipe(res);
      // The registry dies with half of this blob sent.
      const half = Number(answer.headers['content-length'] ?? 2) / 2;
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent < half) res.write(chunk.subarray(0, Math.max(1, half - sent)));
        sent += chunk.length;
        if (sent >= half && this.up) {
          this.cutAt = Date.now();
          this.down();
        }
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

describe('chaos, fault 5: the registry down during a pull', () => {
  let registry: RunningRegistry | undefined;
  let proxy: SwitchableRegistry | undefined;
  let cluster: ClusterProcess | undefined;

  afterAll(async () => {
    await cluster?.kubectl('delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=false');
    const left = await cluster?.destroy();
    await proxy?.close();
    await registry?.stop();
    expect(left?.leftoverCgroups ?? []).toEqual([]);
  });

  it('reports ImagePullBackOff while it is down and runs the pod once it returns', async () => {
    registry = await startRegistry();
    const images = await pushTestImages(registry);
    proxy = new SwitchableRegistry(registry);
    await proxy.listen();
    cluster = await startCluster({ insecureRegistry: proxy.host });
    const image = images.busybox.replace(registry.host, proxy.host);
    const created = Date.now();
    const applied = await applyManifest(
      cluster,
      'pull',
      `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pull"},"spec":{"terminationGracePeriodSeconds":0,` +
        `"containers":[{"name":"main","image":"${image}","command":["sleep","3600"]}]}}`,
    );
    expect(applied.code).toBe(0);
    const reason = async () =>
      (await cluster!.kubectl('get', 'pod', 'pull', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}')).stdout;
    await waitFor(async () => (await reason()) === 'ImagePullBackOff', { what: 'ImagePullBackOff', timeoutMs: 90_000, intervalMs: 250 });
    const backOffMs = Date.now() - (proxy.cutAt ?? created);
    expect(proxy.cutAt).toBeDefined();
    const events = (await cluster.kubectl('get', 'events', '--field-selector', 'involvedObject.name=pull', '-o', 'json')).stdout;
    expect(events).toMatch(/failed to pull image .*cannot reach registry/i);

    // Down for a while longer (the back-off grows), then back.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    proxy.up = true;
    const back = Date.now();
    await waitFor(async () => (await cluster!.kubectl('get', 'pod', 'pull', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', {
      what: 'the pod Running after the registry returned',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    const recoveryMs = Date.now() - back;
    const restarts = (await cluster.kubectl('get', 'pod', 'pull', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}')).stdout;
    expect(restarts).toBe('0');
    process.stdout.write(
      `chaos fault 5: registry cut mid-blob; ImagePullBackOff ${backOffMs} ms after the cut; registry back after ` +
        `${back - proxy.cutAt!} ms down; pod Running ${recoveryMs} ms after it returned; objects lost 0; pods running twice 0\n`,
    );
  });
});
