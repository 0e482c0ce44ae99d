// The mutating webhook admission step: each matching webhook in order (configurations by name,
// webhooks as listed) sees the object as the ones before it left it and may answer with a JSON
// Patch; IfNeeded webhooks are asked once more when a later one changed the object; the result
// is validated again, as kube-apiserver does, before the validating steps see it.
import {
  applyJsonPatch,
  cloneJson,
  invalid,
  type MutatingWebhook,
  type ResourceStrategy,
  statusError,
  validateOrThrow,
} from '@stevedore/api';
import type { ApiObject } from '../objects/api-object';
import type { Admission } from '../registry/admission';
import { type AdmissionAttributes, deleteAttributes, writeAttributes } from './admission-attributes';
import { askWebhook, fromVersion, toVersion, type WebhookCaller } from './webhook-call';
import { WebhookCallError } from './webhook-client';
import { webhookApplies } from './webhook-matching';
import { denied, failedCalling } from './webhook-outcomes';

function decodePatch(name: string, patch: string): unknown {
  try {
    return JSON.parse(Buffer.from(patch, 'base64').toString('utf8'));
  } catch (err) {
    throw failedCalling(name, new WebhookCallError(`received invalid webhook response: patch is not JSON: ${(err as Error).message}`));
  }
}

/** Applies the webhook's patch to the object as its version shows it; the patched object in the stored version. */
async function patched(webhook: MutatingWebhook, a: AdmissionAttributes, version: ResourceStrategy, patch: string): Promise<ApiObject> {
  const ops = decodePatch(webhook.name, patch);
  const shown = await toVersion(a.object, version, a);
  let result: unknown;
  try {
    result = applyJsonPatch(cloneJson(shown), ops);
  } catch (err) {
    throw statusError(
      500,
      'InternalError',
      `Internal error occurred: admission webhook "${webhook.name}" returned a patch that failed: ${(err as Error).message}`,
    );
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    throw statusError(
      500,
      'InternalError',
      `Internal error occurred: admission webhook "${webhook.name}" returned a patch that does not produce an object`,
    );
  return fromVersion(result as ApiObject, version, a);
}

/** Asks one webhook; the object it leaves (the same object when it made no change). */
async function mutateOnce(
  caller: WebhookCaller,
  webhook: MutatingWebhook,
  a: AdmissionAttributes,
  warnings: string[],
): Promise<ApiObject | undefined> {
  const version = webhookApplies(webhook, a, caller.sources);
  if (!version) return a.object;
  const response = await askWebhook(caller, webhook, a, version);
  if (!response) return a.object;
  warnings.push(...(response.warnings ?? []));
  if (!response.allowed) throw denied(webhook.name, response);
  if (!response.patch) return a.object;
  if (response.patchType !== 'JSONPatch')
    throw failedCalling(webhook.name, new WebhookCallError(`unsupported patch type "${response.patchType ?? ''}"`));
  return patched(webhook, a, version, response.patch);
}

/** Kubernetes' validation of the mutated object: schema, defaults, the kind's own rules. */
function revalidate(resource: ResourceStrategy, object: ApiObject, old: ApiObject | undefined): void {
  validateOrThrow(resource.schema, object, {
    kind: resource.kind,
    group: resource.group,
    mode: 'Ignore',
    nameProblem: resource.nameProblem,
  });
  resource.defaults(object);
  const causes = resource.validate(object, old);
  if (causes.length) throw invalid(resource.kind, object.metadata.name ?? '', causes, resource.group);
}

function ordered(caller: WebhookCaller): MutatingWebhook[] {
  const configs = [...caller.sources.mutating()].sort((x, y) => (x.metadata.name ?? '').localeCompare(y.metadata.name ?? ''));
  return configs.flatMap((c) => c.webhooks ?? []);
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** Runs the webhooks over `a.object`; changes it in place; the webhooks' warnings. */
export async function runMutatingWebhooks(caller: WebhookCaller, a: AdmissionAttributes): Promise<string[]> {
  const webhooks = ordered(caller);
  if (!webhooks.length || !a.object) return [];
  const warnings: string[] = [];
  let current: AdmissionAttributes = { ...a, object: cloneJson(a.object) };
  let lastChange = -1;
  for (const [i, webhook] of webhooks.entries()) {
    const next = await mutateOnce(caller, webhook, current, warnings);
    if (!same(next, current.object)) lastChange = i;
    current = { ...current, object: next };
  }
  // Reinvocation: an IfNeeded webhook asked before the last change sees the object once more.
  const again = webhooks.slice(0, Math.max(lastChange, 0)).filter((w) => w.reinvocationPolicy === 'IfNeeded');
  for (const webhook of again) current = { ...current, object: await mutateOnce(caller, webhook, current, warnings) };
  const result = current.object!;
  if (same(result, a.object)) return warnings;
  revalidate(a.resource, result, a.oldObject);
  for (const key of Object.keys(a.object)) delete (a.object as Record<string, unknown>)[key];
  Object.assign(a.object, result);
  return warnings;
}

/** On DELETE there is no new object to patch: mutating webhooks may only refuse (or warn). */
async function judgeDelete(caller: WebhookCaller, a: AdmissionAttributes): Promise<string[]> {
  const warnings: string[] = [];
  for (const webhook of ordered(caller)) {
    const version = webhookApplies(webhook, a, caller.sources);
    const response = version && (await askWebhook(caller, webhook, a, version));
    if (!response) continue;
    warnings.push(...(response.warnings ?? []));
    if (!response.allowed) throw denied(webhook.name, response);
  }
  return warnings;
}

export function mutatingWebhookAdmission(caller: WebhookCaller): Admission {
  return {
    create: (object, options, resource) => runMutatingWebhooks(caller, writeAttributes('CREATE', resource, object, options)),
    update: (current, next, options, resource) => runMutatingWebhooks(caller, writeAttributes('UPDATE', resource, next, options, current)),
    delete: (current, options, resource) => judgeDelete(caller, deleteAttributes(resource, current, options)),
  };
}
