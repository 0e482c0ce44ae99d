// One HTTP exchange with a registry over Node's http/https, streaming the body back.
import * as http from 'http';
import * as https from 'https';
import { Readable } from 'stream';
import { RegistryError } from './registry-error';

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  /** Abort when no byte arrives for this long (slowloris registries). */
  idleTimeoutMs?: number;
  /** For HTTPS: a CA to trust besides the system's, or no verification at all (registries.yaml). */
  tls?: { ca?: string; insecureSkipVerify?: boolean };
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
}

export function send(req: HttpRequest): Promise<HttpResponse> {
  const client = req.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const tls = req.url.protocol === 'https:' && req.tls ? { ca: req.tls.ca, rejectUnauthorized: !req.tls.insecureSkipVerify } : {};
    const options = { method: req.method, headers: req.headers, timeout: req.idleTimeoutMs ?? 30000, ...tls };
    const r = client.request(req.url, options, (res) => {
      res.setTimeout(req.idleTimeoutMs ?? 30000, () => res.destroy(new RegistryError('CONNECTION', `read from ${req.url.host} timed out`)));
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
    });
    r.on('timeout', () => r.destroy(new RegistryError('CONNECTION', `connection to ${req.url.host} timed out`)));
    r.on('error', (err) =>
      reject(err instanceof RegistryError ? err : new RegistryError('CONNECTION', `cannot reach registry ${req.url.host}: ${err.message}`)),
    );
    if (req.body instanceof Readable) req.body.pipe(r);
    else r.end(req.body);
  });
}

/** Reads a whole body, refusing more than `limit` bytes (manifests are capped at 4 MiB). */
export async function readLimited(body: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      body.destroy();
      throw new RegistryError('SIZE', `${what} is larger than ${limit} bytes; refused`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
