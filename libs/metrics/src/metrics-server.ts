// The optional read-only metrics port: plain HTTP without authentication, so it only ever binds
// to a loopback address (a Prometheus or node exporter on the same host scrapes it).
import * as http from 'http';
import type { AddressInfo } from 'net';
import { isIP } from 'net';

export interface MetricsRoute {
  contentType: string;
  body(): Promise<string>;
}

export interface ReadOnlyMetricsServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/** Serves GET on the given paths; anything else is 404 or 405. */
export async function startReadOnlyMetricsServer(
  host: string,
  port: number,
  routes: Record<string, MetricsRoute>,
): Promise<ReadOnlyMetricsServer> {
  if (!isLoopback(host)) throw new Error(`the unauthenticated metrics port may only bind to a loopback address, not ${host}`);
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    route.body().then(
      (text) => res.writeHead(200, { 'Content-Type': route.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (err) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${(err as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
