// Conversion `Webhook`: the objects that are not yet in the wanted version go to the CRD's
// webhook in one ConversionReview (a list's items together, as kube-apiserver batches them) and
// come back checked (./conversion-review). Any failure refuses the request with kube-apiserver's
// 500 "conversion webhook for GROUP/VERSION, Kind=KIND failed: ...", so nothing half-converted is
// ever stored or shown. The HTTPS call itself is the API server's (a ConversionWebhookTransport).
import { randomUUID } from 'crypto';
import type { ApiextensionsV1WebhookClientConfig, CustomResourceDefinition } from '../../generated/kubernetes-types';
import { statusError } from '../../meta/status';
import { apiVersionOf, type Conversion, type KubeObject, type ResourceStrategy } from '../../strategy';
import { ConversionAnswerError, type ConversionReview, conversionReview, convertedObjects, reviewVersionFor } from './conversion-review';

/** kube-apiserver gives a conversion webhook 30 seconds. */
export const CONVERSION_TIMEOUT_SECONDS = 30;

/**
 * Posts a review to a webhook and resolves with its parsed JSON answer; rejects with why the call
 * failed in client-go's words (`Post "URL": ...`). Lives in the API server, which can reach Services.
 */
export type ConversionWebhookTransport = (
  clientConfig: ApiextensionsV1WebhookClientConfig,
  review: ConversionReview,
  timeoutSeconds: number,
) => Promise<unknown>;

class WebhookConverter {
  constructor(
    private readonly crd: CustomResourceDefinition,
    private readonly transport: ConversionWebhookTransport | undefined,
  ) {}

  /** `objects` in `desired`, in order; those already in it are not sent. */
  async convert(objects: KubeObject[], desired: string): Promise<KubeObject[]> {
    const toSend = objects.filter((o) => o.apiVersion !== desired);
    if (toSend.length === 0) return objects;
    const gvk = `${toSend[0]?.apiVersion ?? ''}, Kind=${this.crd.spec.names.kind}`;
    const version = reviewVersionFor(this.crd.spec.conversion?.webhook?.conversionReviewVersions ?? []);
    const review = conversionReview(version, randomUUID(), desired, toSend);
    const converted = await this.call(review, gvk);
    let next = 0;
    return objects.map((o) => (o.apiVersion === desired ? o : (converted[next++] as KubeObject)));
  }

  private async call(review: ConversionReview, gvk: string): Promise<KubeObject[]> {
    const config = this.crd.spec.conversion?.webhook?.clientConfig;
    if (!config || !this.transport) throw failed(gvk, 'failed: this API server cannot call conversion webhooks');
    let answer: unknown;
    try {
      answer = await this.transport(config, review, CONVERSION_TIMEOUT_SECONDS);
    } catch (err) {
      throw failed(gvk, `failed: ${(err as Error).message}`);
    }
    try {
      return convertedObjects(answer, review);
    } catch (err) {
      if (err instanceof ConversionAnswerError) throw failed(gvk, err.message);
      throw err;
    }
  }
}

/** As kube-apiserver reports it: code 500 and the converter's message, with no reason of its own. */
function failed(gvk: string, detail: string): Error {
  return statusError(500, '', `conversion webhook for ${gvk} ${detail}`);
}

export function webhookConversion(
  crd: CustomResourceDefinition,
  storage: ResourceStrategy,
  served: ResourceStrategy,
  transport: ConversionWebhookTransport | undefined,
): Conversion {
  const converter = new WebhookConverter(crd, transport);
  const one = async (o: KubeObject, to: string) => (await converter.convert([o], to))[0] as KubeObject;
  return {
    storage,
    toStorage: (o) => one(o, apiVersionOf(storage)),
    fromStorage: (o) => one(o, apiVersionOf(served)),
    fromStorageList: (objects) => converter.convert(objects, apiVersionOf(served)),
  };
}
