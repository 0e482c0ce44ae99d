// The built-in ingress controller's data path on one node: an HTTP and an HTTPS server that
// route each request by its Ingress rules to one of the backend Service's ready endpoints
// (round-robin), over keep-alive connections to the pods. WebSocket and other upgrades are
// passed through as raw bytes once the backend accepts them. What it answers itself:
//   404 when no rule and no default backend matches,
//   503 when the Service (or its port) is missing or has no ready endpoint,
//   502 when the chosen endpoint refuses or drops the connection before answering.
import type { Logger } from '@stevedore/log';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import type { Duplex } from 'stream';
import { type Certificate, CertificateStore } from './certificates';
import { forwardedHeaders, upgradeHead, withoutHopByHop } from './forwarding';
import { type Route, RouteTable } from './route-table';

export interface IngressListen {
  address: string;
  /** 0 = no HTTP server. */
  httpPort: number;
  /** 0 = no HTTPS server. */
  httpsPort: number;
}

type Scheme = 'http' | 'https';
type Target = { ip: string; port: number };

const BODIES: Record<number, string> = {
  404: '404 Not Found',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
};

export class IngressProxy {
  private table = new RouteTable([]);
  private readonly certificates: CertificateStore;
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly turns = new Map<string, number>();
  /** Connections to pods stay open between requests, as nginx's upstream keepalive. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 256 });

  constructor(private readonly log: Logger) {
    this.certificates = new CertificateStore(log);
  }

  /** Replaces the rules and certificates; requests already under way finish with what they matched. */
  update(routes: readonly Route[], certificates: readonly Certificate[]): void {
    this.table = new RouteTable(routes);
    this.certificates.replace(certificates);
  }

  /** Starts the servers asked for (a port of 0 starts none); fails when a port cannot be bound. */
  async listen(where: IngressListen): Promise<void> {
    if (where.httpPort) {
      const server = http.createServer((req, res) => this.proxy(req, res, 'http'));
      await this.start(server, 'http', where.address, where.httpPort);
    }
    if (where.httpsPort) {
      const server = https.createServer({ SNICallback: (name, cb) => cb(null, this.certificates.contextFor(name)) }, (req, res) =>
        this.proxy(req, res, 'https'),
      );
      await this.start(server, 'https', where.address, where.httpsPort);
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
    this.servers.length = 0;
    this.agent.destroy();
  }

  private async start(server: http.Server, scheme: Scheme, address: string, port: number): Promise<void> {
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head, scheme));
    server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.log.warn('ingress server error', { scheme, err }));
    this.servers.push(server);
    this.log.info('serving ingress', { scheme, address, port });
  }

  /** The route's next endpoint in turn; undefined when it has none (503). */
  private pick(route: Route): Target | undefined {
    const { endpoints } = route;
    if (!route.backendFound || !endpoints.length) return undefined;
    const turn = this.turns.get(route.backend) ?? 0;
    this.turns.set(route.backend, (turn + 1) % endpoints.length);
    return endpoints[turn % endpoints.length];
  }

  /** The endpoint for a request, or the status the proxy answers itself. */
  private targetFor(req: http.IncomingMessage): Target | 404 | 503 {
    const route = this.table.match(req.headers.host, req.url ?? '/');
    if (!route) return 404;
    return this.pick(route) ?? 503;
  }

  private proxy(req: http.IncomingMessage, res: http.ServerResponse, scheme: Scheme): void {
    const target = this.targetFor(req);
    if (typeof target === 'number') return answer(res, target);
    this.forward(req, res, scheme, target, true);
  }

  /**
   * Sends the request to `target`. A kept-alive connection the pod closed while idle fails the
   * first write; a request without a body is then sent again once on a fresh connection (as
   * nginx retries the next upstream), anything else gets a 502.
   */
  private forward(req: http.IncomingMessage, res: http.ServerResponse, scheme: Scheme, target: Target, mayRetry: boolean): void {
    const upstream = http.request({
      host: target.ip,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req, scheme),
      agent: this.agent,
    });
    upstream.on('response', (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.statusMessage, withoutHopByHop(reply.headers));
      reply.pipe(res);
    });
    upstream.on('error', (err) => {
      if (res.headersSent) {
        this.log.debug('backend connection failed mid-response', { target, err });
        return void res.destroy();
      }
      if (mayRetry && upstream.reusedSocket && !hasBody(req)) return this.forward(req, res, scheme, target, false);
      answer(res, 502);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (hasBody(req)) req.pipe(upstream);
    else upstream.end();
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, scheme: Scheme): void {
    const target = this.targetFor(req);
    if (typeof target === 'number') return void socket.end(rawAnswer(target));
    const upstream = net.connect(target.port, target.ip);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      upstream.write(upgradeHead(req, scheme));
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => (connected ? socket.destroy() : socket.end(rawAnswer(502))));
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  }
}

function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function answer(res: http.ServerResponse, status: number): void {
  const body = `${BODIES[status]}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function rawAnswer(status: number): string {
  const body = `${BODIES[status]}\n`;
  return `HTTP/1.1 ${BODIES[status]}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
}
