// A small HTTPS client for the benchmarks: JSON requests with a bounded pool of kept-alive
// sockets, and watch streams that hand each event to a callback as it arrives.

import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';

export interface ApiTarget {
  url: string;
  token: string;
  ca: string;
}

/** The server, token and CA an admin kubeconfig written by the control plane points at. */
export async function targetFromDataDir(dataDir: string, url: string): Promise<ApiTarget> {
  const token = (await fs.readFile(path.join(dataDir, 'pki', 'admin.token'), 'utf8')).trim();
  const ca = await fs.readFile(path.join(dataDir, 'pki', 'ca.crt'), 'utf8');
  return { url, token, ca };
}

export class ApiClient {
  private readonly agent: https.Agent;

  constructor(
    readonly target: ApiTarget,
    sockets = 64,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: sockets, ca: target.ca });
  }

  request(method: string, urlPath: string, body?: unknown, accept = 'application/json'): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        `${this.target.url}${urlPath}`,
        {
          method,
          agent: this.agent,
          headers: { authorization: `Bearer ${this.target.token}`, accept, ...(data ? { 'content-type': 'application/json' } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  /** Opens a watch; resolves once the response has started (events then flow to onEvent). */
  watch(urlPath: string, onEvent: (event: { type: string; object: any }) => void): Promise<{ close(): void }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${this.target.url}${urlPath}`,
        {
          agent: false,
          ca: this.target.ca,
          headers: { authorization: `Bearer ${this.target.token}`, accept: 'application/json' },
        },
        (res) => {
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
              const line = buffer.slice(0, newline);
              buffer = buffer.slice(newline + 1);
              if (line.trim()) onEvent(JSON.parse(line));
            }
          });
          res.on('error', () => undefined);
          resolve({ close: () => req.destroy() });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `task` over the items with at most `limit` in flight. */
export async function pooled<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
