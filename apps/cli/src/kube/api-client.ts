// A small Kubernetes API client for the CLI: reads a kubeconfig (CA + bearer token, as
// `stevedore up` writes it) and speaks JSON, Tables, plain-text streams and exec WebSockets.

import { logger } from '@stevedore/log';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';
import WebSocket from 'ws';
import { parse } from 'yaml';

/** Each request at debug (`--log-level debug`), as kubectl's -v shows them. */
const log = logger('api-client');

export interface ApiTarget {
  server: string;
  ca?: Buffer;
  token?: string;
  namespace: string;
  insecure: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function loadKubeconfig(file: string): Promise<ApiTarget> {
  const config = parse(await fs.readFile(file, 'utf8')) as any;
  const contextName = config['current-context'];
  const context = config.contexts?.find((c: any) => c.name === contextName)?.context ?? config.contexts?.[0]?.context;
  const cluster = config.clusters?.find((c: any) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u: any) => u.name === context?.user)?.user ?? {};
  if (!cluster?.server) throw new Error(`${file} names no cluster server`);
  const ca = cluster['certificate-authority-data']
    ? Buffer.from(cluster['certificate-authority-data'], 'base64')
    : cluster['certificate-authority']
      ? await fs.readFile(path.resolve(path.dirname(file), cluster['certificate-authority']))
      : undefined;
  return {
    server: cluster.server,
    ca,
    token: user.token,
    namespace: context?.namespace ?? 'default',
    insecure: !!cluster['insecure-skip-tls-verify'],
  };
}

export class ApiClient {
  constructor(readonly target: ApiTarget) {}

  private options(method: string, urlPath: string, headers: Record<string, string> = {}): https.RequestOptions & { url: URL } {
    const url = new URL(urlPath, this.target.server);
    return {
      url,
      method,
      ca: this.target.ca,
      rejectUnauthorized: !this.target.insecure,
      headers: { ...(this.target.token ? { Authorization: `Bearer ${this.target.token}` } : {}), ...headers },
    };
  }

  /** One JSON request; Kubernetes Status errors become ApiError with the server's message. */
  async request<T = any>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const length: Record<string, string> = text
      ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }
      : {};
    const res = await this.raw(method, urlPath, text, { Accept: 'application/json', ...length, ...headers });
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const payload = Buffer.concat(chunks).toString();
    if ((res.statusCode ?? 500) >= 400) throw toApiError(res.statusCode ?? 500, payload);
    return (payload ? JSON.parse(payload) : undefined) as T;
  }

  /** A streaming GET (logs, watches): the response as it arrives. */
  async stream(urlPath: string): Promise<NodeJS.ReadableStream> {
    const res = await this.raw('GET', urlPath, undefined, {});
    if ((res.statusCode ?? 500) >= 400) {
      let payload = '';
      for await (const chunk of res) payload += chunk;
      throw toApiError(res.statusCode ?? 500, payload);
    }
    return res;
  }

  private raw(method: string, urlPath: string, body: string | undefined, headers: Record<string, string>) {
    const { url, ...options } = this.options(method, urlPath, headers);
    const started = performance.now();
    return new Promise<import('http').IncomingMessage>((resolve, reject) => {
      const req = https.request(url, options, (res) => {
        log.debug(`${method} ${url.href}`, { status: res.statusCode, ms: Math.round(performance.now() - started) });
        resolve(res);
      });
      req.on('error', (err) => reject(new Error(`cannot reach the API at ${this.target.server}: ${err.message}`)));
      req.end(body);
    });
  }

  /** Opens an exec WebSocket (v5 channel protocol). */
  execSocket(urlPath: string): WebSocket {
    const { url, headers, ca, rejectUnauthorized } = this.options('GET', urlPath);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return new WebSocket(url, ['v5.channel.k8s.io'], { headers: headers as Record<string, string>, ca, rejectUnauthorized });
  }
}

function toApiError(code: number, payload: string): ApiError {
  try {
    const status = JSON.parse(payload) as { message?: string; reason?: string };
    return new ApiError(code, status.reason ?? '', status.message ?? payload);
  } catch {
    return new ApiError(code, '', payload || `HTTP ${code}`);
  }
}
