import { logger } from '@stevedore/log';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { selfSignedCert } from '../admission-webhooks/testing';
import { conversionWebhookTransport } from './conversion-transport';

type Reply = (body: string, res: import('http').ServerResponse) => void;

async function serve(reply: Reply): Promise<{ url: string; caBundle: string; close(): void }> {
  const { cert, key } = selfSignedCert();
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => reply(Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/convert`,
    caBundle: Buffer.from(cert).toString('base64'),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const review = {
  apiVersion: 'apiextensions.k8s.io/v1' as const,
  kind: 'ConversionReview' as const,
  request: { uid: 'u1', desiredAPIVersion: 'example.com/v1', objects: [] },
};
const noServices = () => undefined;
const transport = conversionWebhookTransport(noServices, logger('conversion-transport-spec'));

describe('conversion webhook transport', () => {
  it('posts the review over TLS checked against the caBundle and parses the answer', async () => {
    const server = await serve((body, res) => res.end(JSON.stringify({ echoed: JSON.parse(body) })));
    try {
      await expect(transport({ url: server.url, caBundle: server.caBundle }, review, 30)).resolves.toEqual({ echoed: review });
    } finally {
      server.close();
    }
  });

  it('refuses a server its caBundle does not vouch for', async () => {
    const server = await serve((_body, res) => res.end('{}'));
    const other = Buffer.from(selfSignedCert().cert).toString('base64');
    try {
      await expect(transport({ url: server.url, caBundle: other }, review, 30)).rejects.toThrow(
        `Post "${server.url}?timeout=30s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
      );
    } finally {
      server.close();
    }
  });

  it('gives up on a webhook that never answers after the timeout', async () => {
    const server = await serve(() => undefined);
    try {
      await expect(transport({ url: server.url, caBundle: server.caBundle }, review, 1)).rejects.toThrow('context deadline exceeded');
    } finally {
      server.close();
    }
  });

  it('reports a non-2xx status, an empty body and a Service without endpoints', async () => {
    const server = await serve((_body, res) => {
      res.statusCode = 503;
      res.end();
    });
    try {
      await expect(transport({ url: server.url, caBundle: server.caBundle }, review, 30)).rejects.toThrow(
        'the server responded with the status code 503 but did not return more information',
      );
    } finally {
      server.close();
    }
    const service = { service: { namespace: 'ns', name: 'conv', path: '/convert', port: 443 } };
    await expect(transport(service, review, 30)).rejects.toThrow(
      'Post "https://conv.ns.svc:443/convert?timeout=30s": no endpoints available for service "conv"',
    );
  });
});
