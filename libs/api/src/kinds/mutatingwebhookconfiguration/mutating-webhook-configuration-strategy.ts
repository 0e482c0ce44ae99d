// MutatingWebhookConfigurations: cluster-wide lists of HTTPS endpoints the API server asks, in
// order, to change each matching write with a JSON Patch before it is validated and stored.
import type { MutatingWebhookConfiguration } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { defineResource } from '../../strategy';
import { webhookConfigurationPrinter } from '../validatingwebhookconfiguration/validating-webhook-configuration-strategy';
import { defaultMutatingWebhook } from '../validatingwebhookconfiguration/webhook-defaults';
import { oneOf, REINVOCATION_POLICIES, webhooksRules } from '../validatingwebhookconfiguration/webhook-validation';

function mutatingRules(c: MutatingWebhookConfiguration): Cause[] {
  const causes = webhooksRules(c.webhooks);
  (c.webhooks ?? []).forEach((w, i) => oneOf(w.reinvocationPolicy, REINVOCATION_POLICIES, `webhooks[${i}].reinvocationPolicy`, causes));
  return causes;
}

export const mutatingWebhookConfigurations = defineResource<MutatingWebhookConfiguration>({
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'MutatingWebhookConfiguration',
  plural: 'mutatingwebhookconfigurations',
  namespaced: false,
  definition: 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration',
  categories: ['api-extensions'],
  printer: webhookConfigurationPrinter(),
  defaults: (c) => {
    for (const webhook of c.webhooks ?? []) defaultMutatingWebhook(webhook);
  },
  validate: (c) => mutatingRules(c),
});
