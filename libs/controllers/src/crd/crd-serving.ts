// Which custom kinds this API server serves, kept in step with the stored definitions. Every
// control plane serves the API, so this runs on each of them; the CustomResourceDefinition
// controller (status, clean-up on deletion) writes, and so runs only on the leader.
import {
  type ConversionWebhookTransport,
  type CustomResourceDefinition,
  customResourceStrategies,
  type DynamicResources,
} from '@stevedore/api';
import type { Subscription } from 'rxjs';
import type { Informer } from '../runtime/informer';
import { planDefinitions } from './crd-plan';

export class CustomResourceServing {
  private readonly subscription: Subscription;

  constructor(
    private readonly crds: Informer<CustomResourceDefinition>,
    private readonly served: DynamicResources,
    /** Calls the definitions' conversion webhooks (`conversion: Webhook`). */
    private readonly conversionWebhooks?: ConversionWebhookTransport,
  ) {
    this.sync();
    this.subscription = crds.events.subscribe(() => this.sync());
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  /** Puts the accepted definitions' versions in the served set and takes the others out. */
  private sync(): void {
    const plans = planDefinitions(this.crds.list(), new Date().toISOString());
    for (const owner of this.served.owners()) if (!plans.get(owner)?.serve) this.served.remove(owner);
    for (const crd of this.crds.list()) {
      const name = crd.metadata.name ?? '';
      if (plans.get(name)?.serve) this.served.replace(name, customResourceStrategies(crd, this.conversionWebhooks));
    }
  }
}
