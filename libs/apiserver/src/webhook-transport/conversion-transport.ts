// How CustomResourceDefinitions' conversion webhooks are called: the review POSTed over the
// transport admission webhooks use, the answer parsed as JSON. What the answer must hold is
// checked beside the CRD's kind (ConversionReview in @stevedore/api); a failed call is logged
// here with the review's uid and refuses the request with a 500 there.
import type { ConversionWebhookTransport } from '@stevedore/api';
import type { Logger } from '@stevedore/log';
import { postToWebhook, type ServiceAddressLookup, type WebhookAnswer } from './webhook-post';

function parsed(answer: WebhookAnswer): unknown {
  if (answer.code < 200 || answer.code > 299)
    throw new Error(`the server responded with the status code ${answer.code} but did not return more information`);
  if (!answer.text) throw new Error(`0-length response with status code: ${answer.code} and content type: application/json`);
  try {
    return JSON.parse(answer.text);
  } catch (err) {
    throw new Error(`invalid character in the webhook response: ${(err as Error).message}`);
  }
}

export function conversionWebhookTransport(serviceAddress: ServiceAddressLookup, log: Logger): ConversionWebhookTransport {
  return async (config, review, timeoutSeconds) => {
    try {
      return parsed(await postToWebhook(config, review, timeoutSeconds, serviceAddress));
    } catch (err) {
      const where = config.url ?? `${config.service?.namespace}/${config.service?.name}`;
      log.warn('conversion webhook call failed', { webhook: where, uid: review.request.uid, err: (err as Error).message });
      throw err;
    }
  };
}
