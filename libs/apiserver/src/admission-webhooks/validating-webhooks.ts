// The validating webhook admission step: after every mutation, all matching webhooks are asked
// at once; any refusal refuses the write (the first in configuration order is reported).
import type { ValidatingWebhook } from '@stevedore/api';
import type { Admission } from '../registry/admission';
import { type AdmissionAttributes, deleteAttributes, subresourceAttributes, writeAttributes } from './admission-attributes';
import { askWebhook, type WebhookCaller } from './webhook-call';
import { webhookApplies } from './webhook-matching';
import { denied } from './webhook-outcomes';

interface Verdict {
  warnings: string[];
  error?: unknown;
}

async function judge(caller: WebhookCaller, webhook: ValidatingWebhook, a: AdmissionAttributes): Promise<Verdict> {
  const version = webhookApplies(webhook, a, caller.sources);
  if (!version) return { warnings: [] };
  try {
    const response = await askWebhook(caller, webhook, a, version);
    if (!response) return { warnings: [] };
    return { warnings: response.warnings ?? [], error: response.allowed ? undefined : denied(webhook.name, response) };
  } catch (error) {
    return { warnings: [], error };
  }
}

export async function runValidatingWebhooks(caller: WebhookCaller, a: AdmissionAttributes): Promise<string[]> {
  const configs = [...caller.sources.validating()].sort((x, y) => (x.metadata.name ?? '').localeCompare(y.metadata.name ?? ''));
  const webhooks = configs.flatMap((c) => c.webhooks ?? []);
  if (!webhooks.length) return [];
  const verdicts = await Promise.all(webhooks.map((w) => judge(caller, w, a)));
  const refusal = verdicts.find((v) => v.error);
  if (refusal) throw refusal.error;
  return verdicts.flatMap((v) => v.warnings);
}

export function validatingWebhookAdmission(caller: WebhookCaller): Admission {
  return {
    create: (object, options, resource) => runValidatingWebhooks(caller, writeAttributes('CREATE', resource, object, options)),
    update: async (current, next, options, resource) =>
      options.admittedAs ? [] : runValidatingWebhooks(caller, writeAttributes('UPDATE', resource, next, options, current)),
    delete: (current, options, resource) => runValidatingWebhooks(caller, deleteAttributes(resource, current, options)),
    subresource: (request, options, resource) => runValidatingWebhooks(caller, subresourceAttributes(resource, request, options)),
  };
}
