// One webhook asked about one write: the review in the version its rules matched (converted when
// that is another served version), its matchConditions, then the call under its timeout and
// failurePolicy.
import { cloneJson, type KubeObject, type ResourceStrategy } from '@stevedore/api';
import type { Logger } from '@stevedore/log';
import { randomUUID } from 'crypto';
import type { ApiObject } from '../objects/api-object';
import { type AdmissionAttributes, admissionReview, attributesKey } from './admission-attributes';
import { evaluateMatchConditions } from './match-conditions';
import { type AdmissionResponse, callWebhook, WebhookCallError } from './webhook-client';
import type { Webhook } from './webhook-matching';
import { refuseDryRun, underFailurePolicy } from './webhook-outcomes';
import type { WebhookSources } from './webhook-sources';

const DEFAULT_TIMEOUT_SECONDS = 10;

/** The object as `version` shows it (its conversion from the stored version), or as it is. */
export async function toVersion(
  object: ApiObject | undefined,
  version: ResourceStrategy,
  a: AdmissionAttributes,
): Promise<ApiObject | undefined> {
  if (!object || version === a.resource || !version.conversion) return object;
  return (await version.conversion.fromStorage(cloneJson(object))) as ApiObject;
}

/** Back from `version` to the stored version the registry writes. */
export async function fromVersion(object: KubeObject, version: ResourceStrategy, a: AdmissionAttributes): Promise<ApiObject> {
  if (version === a.resource || !version.conversion) return object as ApiObject;
  return (await version.conversion.toStorage(object)) as ApiObject;
}

export interface WebhookCaller {
  sources: WebhookSources;
  log: Logger;
}

/**
 * The webhook's response, or undefined when its matchConditions skip it or it failed and its
 * failurePolicy is Ignore.
 */
export async function askWebhook(
  caller: WebhookCaller,
  webhook: Webhook,
  a: AdmissionAttributes,
  version: ResourceStrategy,
): Promise<AdmissionResponse | undefined> {
  const shown = { ...a, object: await toVersion(a.object, version, a), oldObject: await toVersion(a.oldObject, version, a) };
  const review = admissionReview(shown, randomUUID(), version);
  const conditions = evaluateMatchConditions(webhook.matchConditions, review.request);
  if ('call' in conditions && !conditions.call) return undefined;
  refuseDryRun(webhook, a.dryRun);
  const timeout = webhook.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return underFailurePolicy(webhook, attributesKey(a), caller.log, async () => {
    if ('error' in conditions) throw new WebhookCallError(conditions.error);
    return callWebhook(webhook.clientConfig, review, timeout, caller.sources);
  });
}
