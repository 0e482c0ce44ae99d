// One AdmissionReview POST to a webhook (the HTTPS call is ../webhook-transport's, shared with
// conversion webhooks) and the checks of its answer. Errors read as kube-apiserver's.
import type { AdmissionregistrationV1WebhookClientConfig as ClientConfig } from '@stevedore/api';
import { postToWebhook, type WebhookAnswer, WebhookCallError } from '../webhook-transport/webhook-post';
import type { AdmissionReview } from './admission-attributes';
import type { WebhookSources } from './webhook-sources';

export { WebhookCallError } from '../webhook-transport/webhook-post';

/** A webhook's answer (admission.k8s.io/v1 AdmissionResponse). */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string; details?: unknown };
  patch?: string;
  patchType?: string;
  warnings?: string[];
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
  let answer: WebhookAnswer;
  try {
    answer = await postToWebhook(config, review, timeoutSeconds, (ns, name, port) => sources.serviceAddress(ns, name, port));
  } catch (err) {
    if (err instanceof WebhookCallError) throw new WebhookCallError(`failed to call webhook: ${err.message}`);
    throw err;
  }
  if (answer.code < 200 || answer.code > 299)
    throw new WebhookCallError(
      `failed to call webhook: the server responded with the status code ${answer.code} but did not return more information`,
    );
  return parseAnswer(answer.text, review.request.uid);
}
