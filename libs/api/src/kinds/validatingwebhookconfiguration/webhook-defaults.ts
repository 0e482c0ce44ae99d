// The defaults kube-apiserver fills into admission webhooks (admissionregistration/v1
// defaults.go), shared by the validating and mutating configurations.
import type { MutatingWebhook, ValidatingWebhook } from '../../generated/kubernetes-types';

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_SERVICE_PORT = 443;

export function defaultWebhook(webhook: ValidatingWebhook | MutatingWebhook): void {
  webhook.failurePolicy ??= 'Fail';
  webhook.matchPolicy ??= 'Equivalent';
  webhook.namespaceSelector ??= {};
  webhook.objectSelector ??= {};
  webhook.timeoutSeconds ??= DEFAULT_TIMEOUT_SECONDS;
  for (const rule of webhook.rules ?? []) rule.scope ??= '*';
  const service = webhook.clientConfig?.service;
  if (service) service.port ??= DEFAULT_SERVICE_PORT;
}

export function defaultMutatingWebhook(webhook: MutatingWebhook): void {
  defaultWebhook(webhook);
  webhook.reinvocationPolicy ??= 'Never';
}
