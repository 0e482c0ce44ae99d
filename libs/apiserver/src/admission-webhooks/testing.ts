// For specs and the e2e suite only (not exported from the lib): a real admission webhook, an
// HTTPS server on 127.0.0.1 with a fresh self-signed certificate (for 127.0.0.1 and the given
// DNS names) answering AdmissionReviews with a handler.
import { execFileSync } from 'child_process';
import * as https from 'https';
import type { AddressInfo } from 'net';

/** What the handler answers: a response (uid filled in), an HTTP status, or `hang` to never answer. */
export type WebhookAnswer = { allowed: boolean; [field: string]: unknown } | { httpStatus: number } | 'hang';

type Labelled = { metadata: { name?: string; labels?: Record<string, string> } };

export interface ReviewRequest {
  uid: string;
  object: Labelled | null;
  oldObject: Labelled | null;
  [field: string]: unknown;
}

export interface WebhookRequest {
  path: string;
  review: { apiVersion: string; kind: string; request: ReviewRequest };
}

export interface RunningWebhook {
  url: (path: string) => string;
  port: number;
  /** The certificate, base64 as a webhook's caBundle takes it. */
  caBundle: string;
  /** Every review received, in order. */
  received: WebhookRequest[];
  close(): Promise<void>;
}

export function selfSignedCert(dnsNames: string[] = []): { cert: string; key: string } {
  const san = ['IP:127.0.0.1', ...dnsNames.map((d) => `DNS:${d}`)].join(',');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '-', '-out', '-'];
  const out = execFileSync('openssl', [...args, '-days', '1', '-subj', '/CN=webhook', '-addext', `subjectAltName=${san}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  return {
    key: out.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/)![0],
    cert: out.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/)![0],
  };
}

/** A JSON Patch as a webhook response carries it. */
export function jsonPatch(ops: unknown[]): { patchType: 'JSONPatch'; patch: string } {
  return { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') };
}

export async function startWebhookServer(
  handler: (req: WebhookRequest) => WebhookAnswer | Promise<WebhookAnswer>,
  options: { dnsNames?: string[]; port?: number } = {},
): Promise<RunningWebhook> {
  const { cert, key } = selfSignedCert(options.dnsNames);
  const received: WebhookRequest[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = { path: req.url ?? '/', review: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      received.push(request);
      const answer = await handler(request);
      if (answer === 'hang') return;
      if ('httpStatus' in answer) {
        res.writeHead(answer.httpStatus as number).end();
        return;
      }
      const response = { uid: request.review.request.uid, ...answer };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `https://127.0.0.1:${port}${path}`,
    port,
    caBundle: Buffer.from(cert).toString('base64'),
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
