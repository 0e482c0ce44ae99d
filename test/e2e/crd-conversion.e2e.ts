// CRD conversion webhooks with the real kubectl: a Gizmo kind served as v1alpha1 (`spec.size`, a
// string), v1beta1 (`spec.count`, with /scale) and v1 (`spec.replicas`, an integer; the storage
// version), converted by a webhook the test serves over HTTPS on 127.0.0.1 with a self-signed
// certificate given as the caBundle.
// Objects created through v1alpha1 are stored as v1 and read back through both; lists and watches
// of v1alpha1 are converted (a list in one ConversionReview); with the webhook down a create
// through v1alpha1 gets kube-apiserver's 500 and nothing is stored. The webhook is reached by
// `url` and then by `service` (the Service's endpoint is the host's 127.0.0.1, as no test image
// serves TLS from a pod).

import { waitFor } from '@stevedore/testing';
import * as https from 'https';
import type { AddressInfo } from 'net';
import type { TLSSocket } from 'tls';
import { selfSignedCert } from '../../libs/apiserver/src/admission-webhooks/testing';
import { clusterForSuite } from './support/cluster-with-images';

jest.setTimeout(180_000);

interface Review {
  uid: string;
  desiredAPIVersion: string;
  objects: { apiVersion: string; metadata: { name: string }; spec?: { size?: string; count?: number; replicas?: number } }[];
}

/** v1alpha1 `size: "3"` is v1beta1 `count: 3` is v1 `replicas: 3`, every way; everything else is kept. */
function convert(review: Review): unknown[] {
  return review.objects.map((o) => {
    const { size, count, replicas, ...rest } = o.spec ?? {};
    const n = replicas ?? count ?? (size === undefined ? undefined : Number(size));
    const version = review.desiredAPIVersion.split('/')[1];
    const field =
      n === undefined ? {} : version === 'v1alpha1' ? { size: String(n) } : version === 'v1beta1' ? { count: n } : { replicas: n };
    return { ...o, apiVersion: review.desiredAPIVersion, spec: { ...rest, ...field } };
  });
}

/** The Service the webhook is also reached through (its certificate names it too). */
const SERVICE_NAME = 'convert.default.svc';

async function startConversionWebhook() {
  const { cert, key } = selfSignedCert([SERVICE_NAME]);
  const reviews: (Review & { sni?: string })[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      // The name the client asked TLS for: none for a URL with an IP, the Service's for a Service.
      const sni = (req.socket as TLSSocket).servername || undefined;
      reviews.push({ ...review.request, sni });
      const response = { uid: review.request.uid, convertedObjects: convert(review.request), result: { status: 'Success' } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: review.apiVersion, kind: review.kind, response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    reviews,
    caBundle: Buffer.from(cert).toString('base64'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const definition = (conversion: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.conv.example.com}
spec:
  group: conv.example.com
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
  conversion:
${conversion}
  versions:
  - name: v1alpha1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: string, pattern: '^[0-9]+$'}, color: {type: string}}}
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {count: {type: integer, minimum: 0, maximum: 20}, color: {type: string}}}
          status: {type: object, properties: {count: {type: integer}}}
    subresources: {scale: {specReplicasPath: .spec.count, statusReplicasPath: .status.count}}
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {replicas: {type: integer, minimum: 0}, color: {type: string}}}
`;

const alpha = (name: string, size: string) => `apiVersion: conv.example.com/v1alpha1
kind: Gizmo
metadata: {name: ${name}, namespace: default}
spec: {size: "${size}", color: blue}
`;

describe('CRD conversion webhooks', () => {
  const suite = clusterForSuite();
  const { kubectl, apply, succeeds } = suite;
  let webhook: Awaited<ReturnType<typeof startConversionWebhook>>;
  const webhookConversion = () => `    strategy: Webhook
    webhook:
      conversionReviewVersions: [v1]
      clientConfig: {url: "https://127.0.0.1:${webhook.port}/convert", caBundle: ${webhook.caBundle}}`;
  const json = async (...args: string[]) => {
    const out = await kubectl(...args, '-o', 'json');
    expect(out.stderr).toBe('');
    return JSON.parse(out.stdout);
  };

  beforeAll(async () => {
    webhook = await startConversionWebhook();
  });
  afterAll(async () => webhook?.close());

  it('refuses a Webhook conversion without a webhook, with its field paths, and stores nothing', async () => {
    const bad = await apply('bad-conversion', definition('    strategy: Webhook'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The CustomResourceDefinition "gizmos.conv.example.com" is invalid');
    expect(bad.stderr).toContain('spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook');
    expect(bad.stderr).toContain('spec.conversion.conversionReviewVersions: Required value');
    expect((await kubectl('get', 'crd', '-o', 'name')).stdout).not.toContain('gizmos');
  });

  it('stores what is created through v1alpha1 as v1 and shows it through both versions', async () => {
    await succeeds(apply('gizmo-crd', definition(webhookConversion())));
    await succeeds(kubectl('wait', '--for=condition=Established', 'crd/gizmos.conv.example.com', '--timeout=30s'));
    // The control plane serves the kind once its informer has the definition.
    await waitFor(async () => (await apply('g1', alpha('g1', '3'))).code === 0, { what: 'gizmo g1 to be created through v1alpha1' });
    expect(webhook.reviews.some((r) => r.desiredAPIVersion === 'conv.example.com/v1' && r.objects[0]?.metadata.name === 'g1')).toBe(true);
    const stored = await json('get', 'gizmos.v1.conv.example.com', 'g1');
    expect([stored.apiVersion, stored.spec]).toEqual(['conv.example.com/v1', { replicas: 3, color: 'blue' }]);
    const shown = await json('get', 'gizmos.v1alpha1.conv.example.com', 'g1');
    expect([shown.apiVersion, shown.spec]).toEqual(['conv.example.com/v1alpha1', { size: '3', color: 'blue' }]);
    expect(shown.metadata.uid).toBe(stored.metadata.uid);
  });

  it('patches through v1alpha1 and lists v1alpha1 with one review for the whole list', async () => {
    await succeeds(apply('g2', alpha('g2', '5')));
    await succeeds(apply('g3', alpha('g3', '7')));
    await succeeds(kubectl('patch', 'gizmos.v1alpha1.conv.example.com', 'g1', '--type=merge', '-p', '{"spec":{"size":"4"}}'));
    expect((await json('get', 'gizmos.v1.conv.example.com', 'g1')).spec.replicas).toBe(4);
    const before = webhook.reviews.length;
    const list = await json('get', 'gizmos.v1alpha1.conv.example.com');
    expect(
      list.items.map((i: { apiVersion: string; metadata: { name: string }; spec: { size: string } }) => [
        i.apiVersion,
        i.metadata.name,
        i.spec.size,
      ]),
    ).toEqual([
      ['conv.example.com/v1alpha1', 'g1', '4'],
      ['conv.example.com/v1alpha1', 'g2', '5'],
      ['conv.example.com/v1alpha1', 'g3', '7'],
    ]);
    const listed = webhook.reviews.slice(before).filter((r) => r.desiredAPIVersion === 'conv.example.com/v1alpha1');
    expect(listed.map((r) => r.objects.map((o) => o.metadata.name))).toEqual([['g1', 'g2', 'g3']]);
    const table = (await kubectl('get', 'gizmos.v1alpha1.conv.example.com')).stdout;
    expect(table).toMatch(/^NAME\s+AGE\ng1\s+/);
  });

  it('scales through the scale subresource of v1beta1, stored as v1', async () => {
    const scaled = await kubectl('scale', 'gizmos.v1beta1.conv.example.com', 'g3', '--replicas=9');
    expect([scaled.code, scaled.stderr, scaled.stdout.trim()]).toEqual([0, '', 'gizmo.conv.example.com/g3 scaled']);
    expect((await json('get', 'gizmos.v1.conv.example.com', 'g3')).spec.replicas).toBe(9);
    const scale = JSON.parse((await kubectl('get', '--raw', '/apis/conv.example.com/v1beta1/namespaces/default/gizmos/g3/scale')).stdout);
    expect([scale.kind, scale.spec.replicas]).toEqual(['Scale', 9]);
    // v1beta1's own maximum holds for what is asked through it.
    const tooMany = await kubectl('scale', 'gizmos.v1beta1.conv.example.com', 'g3', '--replicas=30');
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toContain('spec.count: Invalid value: 30');
    expect((await json('get', 'gizmos.v1.conv.example.com', 'g3')).spec.replicas).toBe(9);
  });

  it('converts watch events of v1alpha1', async () => {
    // kubectl's `get -o json` wraps a list in a List without a resourceVersion: ask the API for it.
    const listed = await kubectl('get', '--raw', '/apis/conv.example.com/v1alpha1/namespaces/default/gizmos');
    const rv = JSON.parse(listed.stdout).metadata.resourceVersion;
    expect(rv).toMatch(/^[0-9]+$/);
    const path = `/apis/conv.example.com/v1alpha1/namespaces/default/gizmos?watch=true&resourceVersion=${rv}&timeoutSeconds=4`;
    const watching = kubectl('get', '--raw', path);
    await succeeds(kubectl('patch', 'gizmos.v1.conv.example.com', 'g2', '--type=merge', '-p', '{"spec":{"replicas":6}}'));
    const { code, stdout } = await watching;
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.object.apiVersion, e.object.metadata.name, e.object.spec])).toEqual([
      ['MODIFIED', 'conv.example.com/v1alpha1', 'g2', { size: '6', color: 'blue' }],
    ]);
  });

  it("reaches a webhook by `service` through the Service's endpoints, checking its certificate's name", async () => {
    const service = `apiVersion: v1
kind: Service
metadata: {name: convert, namespace: default}
spec: {ports: [{name: https, port: 443, targetPort: ${webhook.port}}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: convert-host, namespace: default, labels: {kubernetes.io/service-name: convert}}
addressType: IPv4
ports: [{name: https, port: ${webhook.port}, protocol: TCP}]
endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
`;
    await succeeds(apply('convert-service', service));
    const byService = `    strategy: Webhook
    webhook:
      conversionReviewVersions: [v1]
      clientConfig: {service: {namespace: default, name: convert, path: /convert}, caBundle: ${webhook.caBundle}}`;
    await succeeds(apply('gizmo-crd', definition(byService)));
    const port = (await json('get', 'crd', 'gizmos.conv.example.com')).spec.conversion.webhook.clientConfig.service.port;
    expect(port).toBe(443);
    // The API server serves the new definition once its informer has it.
    await waitFor(
      async () => {
        const read = await kubectl('get', 'gizmos.v1alpha1.conv.example.com', 'g1', '-o', 'jsonpath={.spec.size}');
        return read.stdout === '4' && webhook.reviews.some((r) => r.sni === SERVICE_NAME);
      },
      { what: 'a conversion through the Service' },
    );
  });

  it('answers 500 with the webhook down and stores nothing created through v1alpha1', async () => {
    await webhook.close();
    const failed = await apply('g4', alpha('g4', '1'));
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(
      `conversion webhook for conv.example.com/v1alpha1, Kind=Gizmo failed: Post "https://${SERVICE_NAME}:443/convert?timeout=30s": dial tcp 127.0.0.1:${webhook.port}: connect: connection refused`,
    );
    const names = (await kubectl('get', 'gizmos.v1.conv.example.com', '-o', 'name')).stdout.trim().split('\n');
    expect(names).toEqual(['gizmo.conv.example.com/g1', 'gizmo.conv.example.com/g2', 'gizmo.conv.example.com/g3']);
    const read = await kubectl('get', 'gizmos.v1alpha1.conv.example.com', 'g1');
    expect(read.code).not.toBe(0);
    expect(read.stderr).toContain('Error from server: conversion webhook for conv.example.com/v1, Kind=Gizmo failed: Post');
  });
});
