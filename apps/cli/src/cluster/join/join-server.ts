// The join service a control-plane host runs beside its API (kubeadm's discovery and certificate
// upload in one): GET /cluster-info answers the cluster CA to anyone, who checks it against the
// CA hash in their join command; POST /join/control-plane, with the join token as a bearer
// token over TLS to that CA, answers the files a new control plane needs (join-bundle.ts).
import type { Logger } from '@stevedore/log';
import { dnsSubdomain, ipAddress } from '@stevedore/options';
import { tokensEqual } from '@stevedore/pki';
import type { IncomingMessage, ServerResponse } from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { readJoinBundle } from './join-bundle';

export interface JoinServerOptions {
  dataDir: string;
  address: string;
  port: number;
  /** The cluster CA, and this host's serving certificate signed by it. */
  caCert: string;
  cert: string;
  key: string;
  token: string;
  /** Workers join with a token of their own: the control-plane token also hands out the CA's keys. */
  worker: { token: string; admit(name: string): Promise<WorkerCredentials> };
  /** The etcd members' client URLs, asked when a host joins (membership changes). */
  etcdEndpoints(): Promise<string[]>;
  log: Logger;
}

/** What a worker's agent needs: its node token, where to connect, which registries are plain HTTP. */
export interface WorkerCredentials {
  nodeToken: string;
  servers: string[];
  insecureRegistries: string[];
}

export interface JoinServer {
  /** HOST:PORT */
  address: string;
  close(): Promise<void>;
}

const MAX_BODY = 4096;

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startJoinServer(opts: JoinServerOptions): Promise<JoinServer> {
  const server = https.createServer({ cert: opts.cert, key: opts.key, ca: opts.caCert }, (req, res) => {
    route(opts, req).then(
      (body) => reply(res, 200, body),
      (err: Error) => {
        const code = err instanceof HttpError ? err.code : 500;
        opts.log.warn(`join request ${req.method} ${req.url} from ${req.socket.remoteAddress} refused (${code}): ${err.message}`);
        reply(res, code, { message: err.message });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    address: `${opts.address}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function route(opts: JoinServerOptions, req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' && req.url === '/cluster-info') return { caCert: opts.caCert };
  const kind = req.method === 'POST' ? /^\/join\/(control-plane|worker)$/.exec(req.url ?? '')?.[1] : undefined;
  if (!kind) throw new HttpError(404, `no ${req.method} ${req.url} here`);
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  if (!tokensEqual(token, kind === 'worker' ? opts.worker.token : opts.token))
    throw new HttpError(401, `the ${kind} join token is not valid`);
  const body = await readJson(req);
  const name = checked(() => dnsSubdomain(String(body.name ?? '')), 'name');
  if (kind === 'worker') {
    opts.log.info(`issuing a node token to worker ${name}`);
    return opts.worker.admit(name);
  }
  const address = checked(() => ipAddress(String(body.address ?? '')), 'address');
  opts.log.info(`issuing control-plane credentials to ${name} at ${address}`);
  return readJoinBundle(opts.dataDir, address, await opts.etcdEndpoints());
}

function checked<T>(parse: () => T, field: string): T {
  try {
    return parse();
  } catch (err) {
    throw new HttpError(400, `${field}: ${(err as Error).message}`);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below, as any other body that is not an object
  }
  throw new HttpError(400, 'the body must be a JSON object');
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
