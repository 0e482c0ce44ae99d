// ValidatingWebhookConfigurations: cluster-wide lists of HTTPS endpoints the API server asks to
// accept or refuse each matching write, after every mutation (see apiserver's admission-webhooks).
import type { ValidatingWebhookConfiguration } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import { defineResource } from '../../strategy';
import { defaultWebhook } from './webhook-defaults';
import { webhooksRules } from './webhook-validation';

type WebhookConfiguration = { metadata: ValidatingWebhookConfiguration['metadata']; webhooks?: unknown[] };

/** kubectl's columns for both webhook configuration kinds. */
export function webhookConfigurationPrinter<T extends WebhookConfiguration>(): Printer<T> {
  return {
    columns: [nameColumn, column('Webhooks', 'integer'), ageColumn],
    cells: (c, now) => [c.metadata.name, c.webhooks?.length ?? 0, age(c.metadata.creationTimestamp, now)],
  };
}

export const validatingWebhookConfigurations = defineResource<ValidatingWebhookConfiguration>({
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'ValidatingWebhookConfiguration',
  plural: 'validatingwebhookconfigurations',
  namespaced: false,
  definition: 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration',
  categories: ['api-extensions'],
  printer: webhookConfigurationPrinter(),
  defaults: (c) => {
    for (const webhook of c.webhooks ?? []) defaultWebhook(webhook);
  },
  validate: (c) => webhooksRules(c.webhooks),
});
