// What a webhook's answer means for the write, in kube-apiserver's words: a denial carries the
// webhook's status (code 400 at least); a failed call refuses the write with 500 under
// failurePolicy Fail and is logged and passed over under Ignore; dry runs skip no webhook silently.
import { type StatusReason, statusError } from '@stevedore/api';
import type { Logger } from '@stevedore/log';
import type { AdmissionResponse } from './webhook-client';
import { WebhookCallError } from './webhook-client';
import type { Webhook } from './webhook-matching';

const NO_DRY_RUN_SIDE_EFFECTS = ['None', 'NoneOnDryRun'];

export function denied(name: string, response: AdmissionResponse): Error {
  const status = response.status ?? {};
  const deniedBy = `admission webhook "${name}" denied the request`;
  const message = status.message
    ? `${deniedBy}: ${status.message}`
    : status.reason
      ? `${deniedBy}: ${status.reason}`
      : `${deniedBy} without explanation`;
  const code = status.code && status.code >= 400 ? status.code : 400;
  return statusError(code, (status.reason ?? '') as StatusReason, message);
}

export function failedCalling(name: string, err: Error): Error {
  return statusError(500, 'InternalError', `Internal error occurred: failed calling webhook "${name}": ${err.message}`);
}

/** A webhook that may have side effects is never called for a dry run; the request is refused instead. */
export function refuseDryRun(webhook: Webhook, dryRun: boolean): void {
  if (dryRun && !NO_DRY_RUN_SIDE_EFFECTS.includes(webhook.sideEffects))
    throw statusError(400, 'BadRequest', `admission webhook "${webhook.name}" does not support dry run`);
}

/**
 * Runs one call under the webhook's failurePolicy: its response, or undefined when the call
 * failed and the policy is Ignore (logged with the object's key, never silently).
 */
export async function underFailurePolicy(
  webhook: Webhook,
  key: string,
  log: Logger,
  call: () => Promise<AdmissionResponse>,
): Promise<AdmissionResponse | undefined> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof WebhookCallError)) throw err;
    if (webhook.failurePolicy === 'Ignore') {
      log.warn('webhook call failed; ignored by its failurePolicy', { webhook: webhook.name, object: key, err: err.message });
      return undefined;
    }
    throw failedCalling(webhook.name, err);
  }
}
