// What the webhook admission steps read besides the request: the configurations (an informer's
// copies, so no request reads etcd for them), namespaces' labels and where a Service's pods are.
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from '@stevedore/api';
import type { ServiceAddress } from '../webhook-transport/webhook-post';

export type { ServiceAddress } from '../webhook-transport/webhook-post';

export interface WebhookSources {
  mutating(): MutatingWebhookConfiguration[];
  validating(): ValidatingWebhookConfiguration[];
  /** A namespace's labels, or undefined when it is not known. */
  namespaceLabels(name: string): Record<string, string> | undefined;
  /** A ready endpoint behind `namespace/name`'s `port`, or undefined when there is none. */
  serviceAddress(namespace: string, name: string, port: number): ServiceAddress | undefined;
}
