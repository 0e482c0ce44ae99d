// The joining side of join-server.ts. The cluster CA is fetched without trusting anyone, then
// pinned by the hash in the join command; only then is the token sent, over TLS verified
// against that CA, so a server that is not the cluster's never sees it.
import * as https from 'https';
import { verifyCaCertHash } from './ca-hash';
import type { JoinBundle } from './join-bundle';
import type { WorkerCredentials } from './join-server';

const TIMEOUT_MS = 30_000;

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function request(server: string, pathname: string, options: https.RequestOptions, payload?: unknown): Promise<Reply> {
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `https://${server}${pathname}`,
      {
        ...options,
        method: body ? 'POST' : 'GET',
        timeout: TIMEOUT_MS,
        headers: { ...options.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(new Error(`the join server at ${server} answered ${res.statusCode} with no JSON`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the join server at ${server} did not answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => reject(new Error(`cannot reach the join server at ${server}: ${err.message}`)));
    req.end(body);
  });
}

/** The cluster CA from `server`, accepted only if it hashes to `caCertHash`. */
export async function discoverClusterCa(server: string, caCertHash: string): Promise<string> {
  // Nothing secret is sent here: the answer is checked against the pinned hash instead.
  const { status, body } = await request(server, '/cluster-info', { rejectUnauthorized: false });
  if (status !== 200 || typeof body.caCert !== 'string')
    throw new Error(`the join server at ${server} answered ${status} to /cluster-info`);
  verifyCaCertHash(body.caCert, caCertHash);
  return body.caCert;
}

/** Asks for a control plane's credentials, as `name` at `address`. */
export async function fetchControlPlaneBundle(
  server: string,
  caCert: string,
  token: string,
  member: { name: string; address: string },
): Promise<JoinBundle> {
  const { status, body } = await request(
    server,
    '/join/control-plane',
    { ca: caCert, headers: { authorization: `Bearer ${token}` } },
    member,
  );
  if (status !== 200) throw new Error(`the join server refused (${status}): ${String(body.message ?? 'no reason given')}`);
  return body as unknown as JoinBundle;
}

/** Asks for a worker's node token and the control planes its agent connects to. */
export async function fetchWorkerCredentials(server: string, caCert: string, token: string, name: string): Promise<WorkerCredentials> {
  const { status, body } = await request(server, '/join/worker', { ca: caCert, headers: { authorization: `Bearer ${token}` } }, { name });
  if (status !== 200) throw new Error(`the join server refused (${status}): ${String(body.message ?? 'no reason given')}`);
  return body as unknown as WorkerCredentials;
}
