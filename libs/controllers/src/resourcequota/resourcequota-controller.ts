// Keeps each ResourceQuota's status.hard and status.used current: at once when a quota is new or
// its limits change, when a counted object goes away or stops counting (a pod finishing), and on
// a periodic resync. Creations are charged by the admission step, not here: recounting on every
// create could forget an object admitted a moment ago but not yet seen by the informers.
import {
  countName,
  ignoring,
  isNotFound,
  type KubeObject,
  type Pod,
  podCounts,
  type QuotaResource,
  type ResourceQuota,
  resourceQuotas,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { cacheKey, type Informer, type InformerEvent } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { planQuotaStatus, quotaNeedsSync, quotaResources } from './resourcequota-plan';

/** The namespace's objects of a resource (an informer's copy when there is one, a store list otherwise). */
export type QuotaObjectLister = (resource: QuotaResource, namespace: string) => Promise<readonly KubeObject[]>;

export const QUOTA_RESYNC_MS = 30_000;

/** An event after which some quota of the object's namespace may be charged for too much. */
function releases(event: InformerEvent<KubeObject>, isPod: boolean, now: number): boolean {
  if (event.type === 'DELETED') return true;
  if (event.type !== 'MODIFIED' || !isPod || !event.old) return false;
  return podCounts(event.old as Pod, now) && !podCounts(event.object as Pod, now);
}

export class ResourceQuotaController {
  readonly queue: WorkQueue;
  private readonly resync: NodeJS.Timeout;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly quotas: Informer<ResourceQuota>,
    counted: readonly Informer<KubeObject>[],
    private readonly list: QuotaObjectLister,
    resyncMs = QUOTA_RESYNC_MS,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key), logger('resourcequota-controller'), 2);
    quotas.events.subscribe((e) => {
      if (e.type !== 'DELETED' && quotaNeedsSync(e.object)) this.queue.add(cacheKey(e.object));
    });
    for (const informer of counted) {
      const isPod = informer.resource.group === '' && informer.resource.plural === 'pods';
      informer.events.subscribe((e) => {
        if (releases(e, isPod, Date.now())) this.requeueNamespace(e.object.metadata.namespace);
      });
    }
    this.resync = setInterval(() => this.requeueAll(), resyncMs);
    this.resync.unref();
    this.requeueAll();
  }

  stop(): void {
    clearInterval(this.resync);
    this.queue.stop();
  }

  private requeueAll(): void {
    for (const quota of this.quotas.list()) this.queue.add(cacheKey(quota));
  }

  private requeueNamespace(namespace: string | undefined): void {
    if (!namespace) return;
    for (const quota of this.quotas.list((q) => q.metadata.namespace === namespace)) this.queue.add(cacheKey(quota));
  }

  private async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const quota = this.quotas.get(namespace, name);
    if (!quota || quota.metadata.deletionTimestamp) return;
    const objects = new Map<string, readonly KubeObject[]>();
    for (const resource of quotaResources(quota)) objects.set(countName(resource), await this.list(resource, namespace));
    const status = planQuotaStatus(quota, (r) => objects.get(countName(r)) ?? [], Date.now());
    if (JSON.stringify(status) === JSON.stringify(quota.status)) return;
    // At the cached copy's resourceVersion: a charge admitted meanwhile wins, and the queue retries.
    await this.registry
      .update(resourceQuotas, namespace, name, { ...quota, status }, { subresource: 'status' })
      .catch(ignoring(isNotFound));
  }
}
