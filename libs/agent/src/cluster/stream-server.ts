// Serves the control plane's stream requests (pod logs, exec, attach and port-forward) over
// Tunnel calls, using the Kubernetes channel numbers: 0 stdin, 1 stdout, 2 stderr, 3 status,
// 4 resize. A port-forward tunnel carries one TCP connection: 0 toward the pod, 1 from it.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '@stevedore/log';
import type { MetricsRoute } from '@stevedore/metrics';
import type { StreamRequest, TunnelFrame, TunnelFrame__Output } from '@stevedore/proto';
import type { ContainerInfo, ContainerRuntime, ExecSession } from '@stevedore/runtime';
import type { Socket } from 'net';
import { LABELS } from '../pods/pod-host';
import { history } from '../pods/pod-worker';
import { dialInNetns } from './netns-dial';
import { ResizeReader } from './resize-reader';

type Tunnel = grpc.ClientDuplexStream<TunnelFrame, TunnelFrame__Output>;

interface PodStreamRequest {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  // logs
  follow?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  previous?: boolean;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
  // exec
  command?: string[];
  stdin?: boolean;
  tty?: boolean;
  // portforward
  port?: number;
}

export class StreamServer {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly openTunnel: (id: string) => Tunnel,
    private readonly log: Logger,
    private readonly metrics: () => Record<string, MetricsRoute> = () => ({}),
  ) {}

  handle(request: StreamRequest): void {
    const tunnel = this.openTunnel(request.streamId);
    tunnel.on('error', () => undefined);
    if (request.kind === 'metrics') return void this.document(JSON.parse(request.requestJson).path, tunnel);
    const parsed = JSON.parse(request.requestJson) as PodStreamRequest;
    const work =
      request.kind === 'logs'
        ? this.logs(parsed, tunnel)
        : request.kind === 'portforward'
          ? this.portForward(parsed, tunnel)
          : request.kind === 'attach'
            ? this.attach(parsed, tunnel)
            : this.exec(parsed, tunnel);
    work.catch((err) => {
      this.log.warn(`${request.kind} stream failed`, { key: `${parsed.namespace}/${parsed.pod}`, container: parsed.container, err });
      failure(tunnel, (err as Error).message);
    });
  }

  private async container(req: PodStreamRequest): Promise<ContainerInfo> {
    const mine = await this.runtime.list({ labels: { [LABELS.podUid]: req.uid } });
    const [latest, previous] = history(mine, req.container);
    const chosen = req.previous ? previous : latest;
    if (!chosen) {
      throw new Error(
        req.previous
          ? `previous terminated container "${req.container}" in pod "${req.pod}" not found`
          : `container "${req.container}" in pod "${req.pod}" is waiting to start: ContainerCreating`,
      );
    }
    return chosen;
  }

  private async logs(req: PodStreamRequest, tunnel: Tunnel): Promise<void> {
    const info = await this.container(req);
    const since = req.sinceTime ?? (req.sinceSeconds ? Date.now() - req.sinceSeconds * 1000 : 0);
    let budget = req.limitBytes ?? Infinity;
    const subscription = this.runtime
      .logs(info.id, { follow: !!req.follow, ...(req.tailLines !== undefined ? { tail: req.tailLines } : {}) })
      .subscribe({
        next: (entry) => {
          if (entry.time.getTime() < since || budget <= 0) return;
          const text = `${req.timestamps ? `${entry.time.toISOString()} ` : ''}${entry.line}\n`;
          const data = Buffer.from(text).subarray(0, budget);
          budget -= data.length;
          tunnel.write({ channel: entry.stream === 'stderr' ? 2 : 1, data });
          if (budget <= 0) finish();
        },
        error: (err) => failure(tunnel, (err as Error).message),
        complete: () => finish(),
      });
    function finish(): void {
      subscription?.unsubscribe();
      tunnel.end();
    }
    // The API side ends the tunnel when kubectl goes away.
    tunnel.on('end', () => finish());
    tunnel.on('data', () => undefined);
  }

  private async exec(req: PodStreamRequest, tunnel: Tunnel): Promise<void> {
    const info = await this.container(req);
    if (info.state !== 'running') throw new Error(`container ${req.container} is not running`);
    const session = await this.runtime.exec(info.id, { args: req.command ?? [], stdin: !!req.stdin, tty: !!req.tty });
    const code = await relay(session, tunnel);
    const status =
      code === 0
        ? { metadata: {}, status: 'Success' }
        : {
            metadata: {},
            status: 'Failure',
            message: `command terminated with non-zero exit code: error executing command [${(req.command ?? []).join(' ')}], exit code ${code}`,
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
          };
    tunnel.write({ channel: 3, data: Buffer.from(JSON.stringify(status)) });
    tunnel.end();
  }

  /** Joins the container's own process; the session ends when it exits or the client leaves. */
  private async attach(req: PodStreamRequest, tunnel: Tunnel): Promise<void> {
    const info = await this.container(req);
    if (info.state !== 'running') throw new Error(`container ${req.container} is not running`);
    const session = await this.runtime.attach(info.id, { stdin: !!req.stdin });
    await relay(session, tunnel);
    tunnel.write({ channel: 3, data: Buffer.from(JSON.stringify({ metadata: {}, status: 'Success' })) });
    tunnel.end();
  }

  /** One TCP connection to localhost:port in the pod's network namespace, with backpressure both ways. */
  private async portForward(req: PodStreamRequest, tunnel: Tunnel): Promise<void> {
    const port = req.port ?? 0;
    const running = (await this.runtime.list({ labels: { [LABELS.podUid]: req.uid } })).find((c) => c.state === 'running' && c.pid);
    let socket: Socket;
    try {
      if (!running) throw new Error('the pod has no running container');
      socket = await dialInNetns(running.pid!, port);
    } catch (err) {
      return failure(tunnel, `error forwarding port ${port} to pod ${req.pod}, uid ${req.uid}: ${(err as Error).message}`);
    }
    socket.on('data', (data: Buffer) => {
      if (tunnel.write({ channel: 1, data })) return;
      socket.pause();
      tunnel.once('drain', () => socket.resume());
    });
    tunnel.on('data', (frame: TunnelFrame__Output) => {
      if (frame.channel !== 0) return;
      if (frame.data.length && !socket.write(frame.data)) {
        tunnel.pause();
        socket.once('drain', () => tunnel.resume());
      }
      if (frame.close) socket.end();
    });
    // The pod's side finished: half-close toward the client, which may still be sending.
    socket.on('end', () => tunnel.end());
    socket.on('error', (err) => {
      this.log.debug('port-forward connection failed', { key: `${req.namespace}/${req.pod}`, port, err });
      tunnel.end();
    });
    socket.on('close', () => tunnel.end());
    // The API side ended the call: the client went away.
    tunnel.on('end', () => socket.destroy());
    tunnel.on('error', () => socket.destroy());
  }

  /** A metrics or stats document for the node proxy: the body on stdout, then a status with its content type. */
  private async document(path: string, tunnel: Tunnel): Promise<void> {
    const route = this.metrics()[path];
    if (!route) return failure(tunnel, `the node serves no ${path}`, 404);
    try {
      const body = Buffer.from(await route.body());
      for (let at = 0; at < body.length; at += 1 << 20) tunnel.write({ channel: 1, data: body.subarray(at, at + (1 << 20)) });
      tunnel.write({ channel: 3, data: Buffer.from(JSON.stringify({ metadata: {}, status: 'Success', contentType: route.contentType })) });
      tunnel.end();
    } catch (err) {
      failure(tunnel, (err as Error).message);
    }
  }
}

function failure(tunnel: Tunnel, message: string, code = 500): void {
  tunnel.write({
    channel: 3,
    data: Buffer.from(
      JSON.stringify({ metadata: {}, status: 'Failure', message, code, reason: code === 404 ? 'NotFound' : 'InternalError' }),
    ),
  });
  tunnel.end();
}

/** Copies stdin and resizes from the tunnel to the session and its output back; resolves with its exit code once all output is sent. */
async function relay(session: ExecSession, tunnel: Tunnel): Promise<number> {
  session.stdout.on('data', (data: Buffer) => tunnel.write({ channel: 1, data }));
  session.stderr.on('data', (data: Buffer) => tunnel.write({ channel: 2, data }));
  const sizes = new ResizeReader((width, height) => session.resize?.(width, height));
  tunnel.on('data', (frame: TunnelFrame__Output) => {
    if (frame.channel === 4) return sizes.push(frame.data);
    if (frame.channel !== 0 || !session.stdin) return;
    if (frame.data.length) session.stdin.write(frame.data);
    if (frame.close) session.stdin.end();
  });
  const leave = () => {
    session.stdin?.end();
    session.close?.();
  };
  tunnel.on('end', leave);
  tunnel.on('error', leave);
  const outputDone = Promise.all([once(session.stdout), once(session.stderr)]);
  const code = await session.exitCode;
  await outputDone;
  return code;
}

function once(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
}
