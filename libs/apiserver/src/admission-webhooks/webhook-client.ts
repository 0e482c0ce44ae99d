// One AdmissionReview POST to a webhook over HTTPS: to its `url`, or to a ready pod behind its
// `service` with the certificate checked for SERVICE.NAMESPACE.svc, trusting `caBundle` (the
// host's roots when it is absent), within the webhook's timeout. Errors read as kube-apiserver's.
import type { AdmissionregistrationV1WebhookClientConfig as ClientConfig } from '@stevedore/api';
import type { IncomingMessage } from 'http';
import * as https from 'https';
import type { PeerCertificate } from 'tls';
import { checkServerIdentity } from 'tls';
import type { AdmissionReview } from './admission-attributes';
import type { WebhookSources } from './webhook-sources';

/** A webhook's answer (admission.k8s.io/v1 AdmissionResponse). */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string; details?: unknown };
  patch?: string;
  patchType?: string;
  warnings?: string[];
}

/** A call that did not give a usable answer; failurePolicy decides what it means. */
export class WebhookCallError extends Error {}

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

function target(config: ClientConfig, timeoutSeconds: number, sources: Pick<WebhookSources, 'serviceAddress'>): Target {
  if (config.url) {
    const url = new URL(config.url);
    url.searchParams.set('timeout', `${timeoutSeconds}s`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return { shown: url.toString(), host, port: Number(url.port || 443), path: url.pathname + url.search };
  }
  const service = config.service!;
  const servername = `${service.name}.${service.namespace}.svc`;
  const port = service.port ?? 443;
  const path = `${service.path ?? '/'}?timeout=${timeoutSeconds}s`;
  const shown = `https://${servername}:${port}${path}`;
  const address = sources.serviceAddress(service.namespace, service.name, port);
  if (!address) throw new WebhookCallError(`failed to call webhook: Post "${shown}": no endpoints available for service "${service.name}"`);
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

function post(t: Target, body: string, ca: string | undefined, timeoutMs: number): Promise<{ code: number; text: string }> {
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

function parseAnswer(text: string, uid: string): AdmissionResponse {
  let review: { apiVersion?: string; kind?: string; response?: AdmissionResponse };
  try {
    review = JSON.parse(text);
  } catch (err) {
    throw new WebhookCallError(`received invalid webhook response: ${(err as Error).message}`);
  }
  if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview')
    throw new WebhookCallError(
      `expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${review.apiVersion ?? ''}, Kind=${review.kind ?? ''}`,
    );
  const response = review.response;
  if (!response) throw new WebhookCallError('received invalid webhook response: response was absent');
  if (response.uid !== uid) throw new WebhookCallError(`expected response.uid="${uid}", got "${response.uid ?? ''}"`);
  return response;
}

/** Sends `review` and returns the webhook's response, or throws WebhookCallError. */
export async function callWebhook(
  config: ClientConfig,
  review: AdmissionReview,
  timeoutSeconds: number,
  sources: Pick<WebhookSources, 'serviceAddress'>,
): Promise<AdmissionResponse> {
  const t = target(config, timeoutSeconds, sources);
  const ca = config.caBundle ? Buffer.from(config.caBundle, 'base64').toString('utf8') : undefined;
  let answer: { code: number; text: string };
  try {
    answer = await post(t, JSON.stringify(review), ca, timeoutSeconds * 1000);
  } catch (err) {
    throw new WebhookCallError(`failed to call webhook: Post "${t.shown}": ${describe(err as NodeJS.ErrnoException, t)}`);
  }
  if (answer.code < 200 || answer.code > 299)
    throw new WebhookCallError(
      `failed to call webhook: the server responded with the status code ${answer.code} but did not return more information`,
    );
  return parseAnswer(answer.text, review.request.uid);
}
