// Keeps each Service's Endpoints object in step with its selected pods (the addresses node
// proxies send the Service's traffic to). Services without a selector keep whatever Endpoints
// their users write.
import { endpoints as ENDPOINTS, type Endpoints, ignoring, isNotFound, type Pod, type Service } from '@stevedore/api';
import { deleteObject, type ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { queueServicesAndTheirPods } from '../common/service-queue';
import { cacheKey, type Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { endpointSubsets, MANAGED_LABEL } from './endpoints-plan';

export class EndpointsController {
  readonly queue: WorkQueue;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly services: Informer<Service>,
    private readonly pods: Informer<Pod>,
    private readonly endpoints: Informer<Endpoints>,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key), logger('endpoints-controller'), 2);
    queueServicesAndTheirPods(this.queue, services, pods);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const service = this.services.get(namespace, name);
    const current = this.endpoints.get(namespace, name);
    if (!service || service.metadata.deletionTimestamp) {
      if (current?.metadata.labels?.[MANAGED_LABEL])
        await deleteObject(this.registry, ENDPOINTS, namespace, name).catch(ignoring(isNotFound));
      return;
    }
    if (!service.spec?.selector || !Object.keys(service.spec.selector).length) return;
    const subsets = endpointSubsets(service, this.pods.list());
    const labels = { ...service.metadata.labels, [MANAGED_LABEL]: 'true' };
    if (!current) {
      await this.registry.create(ENDPOINTS, namespace, { metadata: { name, namespace, labels }, subsets });
    } else if (
      JSON.stringify(current.subsets ?? []) !== JSON.stringify(subsets) ||
      JSON.stringify(current.metadata.labels) !== JSON.stringify(labels)
    ) {
      await this.registry.update(ENDPOINTS, namespace, name, { ...current, metadata: { ...current.metadata, labels }, subsets });
    }
  }
}
