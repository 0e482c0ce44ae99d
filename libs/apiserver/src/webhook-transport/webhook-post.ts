// One JSON POST to a webhook over HTTPS, shared by admission and conversion webhooks: to its
// `url`, or to a ready pod behind its `service` with the certificate checked for
// SERVICE.NAMESPACE.svc, trusting `caBundle` (the host's roots when it is absent), within a
// timeout. Failures read as client-go's: `Post "URL": dial tcp ...: connect: connection refused`.
import type { IncomingMessage } from 'http';
import * as https from 'https';
import type { PeerCertificate } from 'tls';
import { checkServerIdentity } from 'tls';

/** Where a webhook is: what admissionregistration and apiextensions both call a WebhookClientConfig. */
export interface WebhookClientConfig {
  url?: string;
  service?: { namespace: string; name: string; path?: string; port?: number };
  caBundle?: string;
}

/** An address to dial for a webhook Service: a ready endpoint's pod IP and target port. */
export interface ServiceAddress {
  host: string;
  port: number;
}

/** A ready endpoint behind `namespace/name`'s `port`, or undefined when there is none. */
export type ServiceAddressLookup = (namespace: string, name: string, port: number) => ServiceAddress | undefined;

/** A call that did not give a usable answer; its message says why in client-go's words. */
export class WebhookCallError extends Error {}

export interface WebhookAnswer {
  code: number;
  text: string;
}

const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

interface Target {
  /** The URL as the error messages show it. */
  shown: string;
  host: string;
  port: number;
  path: string;
  servername?: string;
}

function target(config: WebhookClientConfig, timeoutSeconds: number, serviceAddress: ServiceAddressLookup): Target {
  if (config.url) {
    const url = new URL(config.url);
    url.searchParams.set('timeout', `${timeoutSeconds}s`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return { shown: url.toString(), host, port: Number(url.port || 443), path: url.pathname + url.search };
  }
  if (!config.service) throw new WebhookCallError('the webhook has neither a url nor a service');
  const service = config.service;
  const servername = `${service.name}.${service.namespace}.svc`;
  const port = service.port ?? 443;
  const path = `${service.path ?? '/'}?timeout=${timeoutSeconds}s`;
  const shown = `https://${servername}:${port}${path}`;
  const address = serviceAddress(service.namespace, service.name, port);
  if (!address) throw new WebhookCallError(`Post "${shown}": no endpoints available for service "${service.name}"`);
  return { shown, host: address.host, port: address.port, path, servername };
}

function describe(err: NodeJS.ErrnoException, t: Target): string {
  if (err.code === 'ECONNREFUSED') return `dial tcp ${t.host}:${t.port}: connect: connection refused`;
  if (err.code && UNTRUSTED.has(err.code)) return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  return err.message;
}

function readAnswer(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) res.destroy(new Error('response body too large'));
      else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function post(t: Target, body: string, ca: string | undefined, timeoutMs: number): Promise<WebhookAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: t.host,
      port: t.port,
      path: t.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
      ca,
      agent: false,
      // A Service is dialled by pod IP; its certificate names the Service, not the IP.
      ...(t.servername
        ? {
            servername: t.servername,
            checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(t.servername!, cert),
          }
        : {}),
    });
    // The whole exchange, answer included, is bounded: a webhook that stalls mid-answer fails too.
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('context deadline exceeded'), { code: 'ETIMEDOUT' })), timeoutMs);
    req.on('response', (res) =>
      readAnswer(res)
        .then((text) => resolve({ code: res.statusCode ?? 0, text }))
        .catch(reject)
        .finally(() => clearTimeout(timer)),
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** POSTs `body` as JSON and returns the status code and text, or throws WebhookCallError. */
export async function postToWebhook(
  config: WebhookClientConfig,
  body: unknown,
  timeoutSeconds: number,
  serviceAddress: ServiceAddressLookup,
): Promise<WebhookAnswer> {
  const t = target(config, timeoutSeconds, serviceAddress);
  const ca = config.caBundle ? Buffer.from(config.caBundle, 'base64').toString('utf8') : undefined;
  try {
    return await post(t, JSON.stringify(body), ca, timeoutSeconds * 1000);
  } catch (err) {
    throw new WebhookCallError(`Post "${t.shown}": ${describe(err as NodeJS.ErrnoException, t)}`);
  }
}
