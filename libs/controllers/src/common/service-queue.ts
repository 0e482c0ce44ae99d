// What a controller keyed by Service (endpoints, endpoint slices) watches: each Service, and each
// pod change, which concerns every Service of the pod's namespace that selects it now or did
// before; every Service is queued once at start.
import type { Pod, Service } from '@stevedore/api';
import { cacheKey, type Informer } from '../runtime/informer';
import type { WorkQueue } from '../runtime/work-queue';

export function queueServicesAndTheirPods(queue: WorkQueue, services: Informer<Service>, pods: Informer<Pod>): void {
  services.events.subscribe((e) => queue.add(cacheKey(e.object)));
  pods.events.subscribe((e) => {
    const namespace = e.object.metadata.namespace;
    for (const s of services.list((s) => s.metadata.namespace === namespace)) queue.add(cacheKey(s));
  });
  for (const s of services.list()) queue.add(cacheKey(s));
}
