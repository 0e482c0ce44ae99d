import type { CustomResourceDefinition } from '../../generated/kubernetes-types';
import { StatusError } from '../../meta/status';
import type { KubeObject } from '../../strategy';
import type { ConversionReview } from './conversion-review';
import { customResourceStrategies } from './custom-resource-strategy';
import type { ConversionWebhookTransport } from './webhook-conversion';

const schema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
const widgets: CustomResourceDefinition = {
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [
      { name: 'v1', served: true, storage: true, schema },
      { name: 'v1alpha1', served: true, storage: false, schema },
    ],
    conversion: {
      strategy: 'Webhook',
      webhook: { clientConfig: { url: 'https://127.0.0.1:1/convert' }, conversionReviewVersions: ['v1'] },
    },
  },
};

const stored = (name: string, replicas: number): KubeObject =>
  ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'ns', uid: `u-${name}` },
    spec: { replicas },
  }) as KubeObject;

/** A webhook that turns v1 `spec.replicas` into v1alpha1 `spec.size` (and back), with `tweak` applied to its answer. */
function webhook(tweak: (review: ConversionReview & { response: Record<string, unknown> }) => void = () => undefined) {
  const reviews: ConversionReview[] = [];
  const transport: ConversionWebhookTransport = async (_config, review, timeout) => {
    expect(timeout).toBe(30);
    reviews.push(review);
    const convertedObjects = review.request.objects.map((o) => {
      const spec = (o as unknown as { spec: { replicas?: number; size?: string } }).spec;
      const converted = review.request.desiredAPIVersion.endsWith('v1alpha1')
        ? { size: String(spec.replicas) }
        : { replicas: Number(spec.size) };
      return { ...o, apiVersion: review.request.desiredAPIVersion, spec: converted };
    });
    const answer = { ...review, response: { uid: review.request.uid, convertedObjects, result: { status: 'Success' } } };
    tweak(answer);
    return answer;
  };
  const [, alpha] = customResourceStrategies(widgets, transport);
  return { reviews, conversion: alpha!.conversion! };
}

async function failure(p: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof StatusError)) throw new Error(`expected a StatusError, got ${String(err)}`);
  return { code: err.status.code, reason: err.status.reason, message: err.status.message };
}

describe('webhook conversion', () => {
  it('sends a v1 ConversionReview and returns the converted object both ways', async () => {
    const { reviews, conversion } = webhook();
    const shown = await conversion.fromStorage(stored('a', 3));
    expect(shown).toEqual({ ...stored('a', 3), apiVersion: 'example.com/v1alpha1', spec: { size: '3' } });
    expect(reviews[0]).toMatchObject({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'ConversionReview',
      request: { desiredAPIVersion: 'example.com/v1alpha1', objects: [stored('a', 3)] },
    });
    expect(reviews[0]?.request.uid).toMatch(/^[0-9a-f-]{36}$/);
    await expect(conversion.toStorage(shown)).resolves.toEqual(stored('a', 3));
  });

  it('converts a list in one review, sending only the items not yet in the wanted version', async () => {
    const { reviews, conversion } = webhook();
    const already = { ...stored('b', 1), apiVersion: 'example.com/v1alpha1' };
    const items = await conversion.fromStorageList([stored('a', 1), already, stored('c', 2)]);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.request.objects.map((o) => o.metadata.name)).toEqual(['a', 'c']);
    expect(items.map((o) => [o.metadata.name, (o as unknown as { spec: unknown }).spec])).toEqual([
      ['a', { size: '1' }],
      ['b', { replicas: 1 }],
      ['c', { size: '2' }],
    ]);
    await expect(conversion.fromStorageList([already])).resolves.toEqual([already]);
    expect(reviews).toHaveLength(1);
  });

  it('keeps the original metadata but the labels and annotations the webhook set', async () => {
    const { conversion } = webhook((answer) => {
      const [object] = answer.response.convertedObjects as KubeObject[];
      object!.metadata = { ...object!.metadata, labels: { converted: 'yes' }, generation: 99, resourceVersion: '1' };
    });
    const shown = await conversion.fromStorage(stored('a', 3));
    expect(shown.metadata).toEqual({ name: 'a', namespace: 'ns', uid: 'u-a', labels: { converted: 'yes' } });
  });

  it.each([
    [
      'a failed result',
      (a: Answer) => Object.assign(a.response, { result: { status: 'Failure', message: 'size is not a number' } }),
      'failed: size is not a number',
    ],
    ['another uid', (a: Answer) => Object.assign(a.response, { uid: 'x' }), 'failed: expected response.uid="UID", got "x"'],
    ['no response', (a: Answer) => Object.assign(a, { response: undefined }), 'failed: no response provided'],
    ['too few objects', (a: Answer) => Object.assign(a.response, { convertedObjects: [] }), 'returned 0 objects, expected 1'],
    [
      'the wrong version',
      (a: Answer) => Object.assign((a.response.convertedObjects as KubeObject[])[0]!, { apiVersion: 'example.com/v1' }),
      'returned invalid converted object at index 0: invalid groupVersion (expected example.com/v1alpha1, received example.com/v1)',
    ],
    [
      'a renamed object',
      (a: Answer) =>
        Object.assign((a.response.convertedObjects as KubeObject[])[0]!, { metadata: { name: 'b', namespace: 'ns', uid: 'u-a' } }),
      'returned invalid converted object at index 0: must have the same name: a != b',
    ],
    [
      'a bad label',
      (a: Answer) => Object.assign((a.response.convertedObjects as KubeObject[])[0]!.metadata, { labels: { ok: 'not ok!' } }),
      'returned invalid metadata in object at index 0: metadata.labels: Invalid value: "not ok!"',
    ],
  ])('refuses an answer with %s with kube-apiserver 500 message', async (_what, tweak, expected) => {
    const { conversion, reviews } = webhook(tweak);
    const got = await failure(conversion.fromStorage(stored('a', 3)));
    expect(got.code).toBe(500);
    expect(got.message).toContain(
      `conversion webhook for example.com/v1, Kind=Widget ${expected.replace('UID', reviews[0]?.request.uid ?? '')}`,
    );
  });

  it('speaks v1beta1 to a webhook that lists only it, without the uid check upstream skips there', async () => {
    const beta = structuredClone(widgets);
    beta.spec.conversion!.webhook!.conversionReviewVersions = ['v2', 'v1beta1'];
    const sent: ConversionReview[] = [];
    const transport: ConversionWebhookTransport = async (_config, review) => {
      sent.push(review);
      const convertedObjects = review.request.objects.map((o) => ({ ...o, apiVersion: review.request.desiredAPIVersion }));
      return { response: { uid: 'not checked', convertedObjects, result: { status: 'Success' } } };
    };
    const [, alpha] = customResourceStrategies(beta, transport);
    const shown = await alpha!.conversion!.fromStorage(stored('a', 1));
    expect([sent[0]?.apiVersion, shown.apiVersion]).toEqual(['apiextensions.k8s.io/v1beta1', 'example.com/v1alpha1']);
  });

  it('turns a failed call into a 500 naming the version converted from', async () => {
    const transport: ConversionWebhookTransport = async () => {
      throw new Error('Post "https://127.0.0.1:1/convert?timeout=30s": dial tcp 127.0.0.1:1: connect: connection refused');
    };
    const [, alpha] = customResourceStrategies(widgets, transport);
    const input = { ...stored('a', 3), apiVersion: 'example.com/v1alpha1' };
    expect(await failure(alpha!.conversion!.toStorage(input))).toEqual({
      code: 500,
      reason: '',
      message:
        'conversion webhook for example.com/v1alpha1, Kind=Widget failed: Post "https://127.0.0.1:1/convert?timeout=30s": dial tcp 127.0.0.1:1: connect: connection refused',
    });
  });
});

type Answer = ConversionReview & { response: Record<string, unknown> };
