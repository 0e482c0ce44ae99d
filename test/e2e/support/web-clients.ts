// HTTP and HTTPS clients for suites that check what an ingress or a node answers: each request
// has its own connection (no keep-alive between tries) and a bounded time.

import { execFile } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import type { TLSSocket } from 'tls';
import { promisify } from 'util';

const run = promisify(execFile);

export type Reply = { status: number; body: string };

/** A self-signed certificate for one host name (CN and SAN), valid for a day. */
export async function selfSigned(dir: string, host: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, `${host}.crt`);
  const key = path.join(dir, `${host}.key`);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    `/CN=${host}`,
    '-addext',
    `subjectAltName=DNS:${host}`,
  ]);
  return { cert, key };
}

/** GET http://address:port/urlPath with the given Host header. */
export function get(address: string, port: number, host: string, urlPath: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: address, port, path: urlPath, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: body.trim() }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
  });
}

/** GET over TLS with SNI = host, trusting only `ca`; resolves with the served certificate's CN. */
export function getTls(
  address: string,
  port: number,
  host: string,
  urlPath: string,
  ca: string,
): Promise<{ subject: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: address, port, path: urlPath, servername: host, headers: { host }, ca, agent: false }, (res) => {
      const subject = String((res.socket as TLSSocket).getPeerCertificate().subject.CN);
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ subject, body: body.trim() }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
  });
}
