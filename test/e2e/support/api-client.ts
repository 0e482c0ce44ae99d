// A bare HTTPS client for a cluster's API with the admin token of a kubeconfig: for tests that
// send many requests a second, where one kubectl process per request would cost more CPU than
// the cluster under test.

import { promises as fs } from 'fs';
import * as https from 'https';

export interface ApiAnswer {
  status: number;
  body: string;
}

export interface ApiClient {
  /** Status 0 when no answer came (connection refused, reset or timed out). */
  request(method: string, path: string, body?: object): Promise<ApiAnswer>;
  /** Closes the kept-alive connections (they count among the server's descriptors). */
  close(): void;
}

export async function apiClient(
  kubeconfig: string,
  opts: { maxSockets?: number; timeoutMs?: number; server?: string } = {},
): Promise<ApiClient> {
  const text = await fs.readFile(kubeconfig, 'utf8');
  const server = new URL(opts.server ?? /server: (\S+)/.exec(text)?.[1] ?? '');
  const token = /token: (\S+)/.exec(text)?.[1];
  if (!token) throw new Error(`${kubeconfig} holds no token`);
  const agent = new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16, rejectUnauthorized: false });
  return {
    request: (method, path, body) =>
      new Promise((resolve) => {
        const req = https.request(
          {
            host: server.hostname,
            port: server.port,
            method,
            path,
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', () => resolve({ status: 0, body: text }));
          },
        );
        const timeoutMs = opts.timeoutMs ?? 30_000;
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (err) => resolve({ status: 0, body: err.message }));
        req.end(body ? JSON.stringify(body) : undefined);
      }),
    close: () => agent.destroy(),
  };
}
