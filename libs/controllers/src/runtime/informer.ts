// An informer: an in-memory copy of one resource, kept current by list-then-watch, relisting
// when the watch falls too far behind (410). Controllers read this cache, never the store.
import { Subject, Subscription } from 'rxjs';
import type { ResourceStrategy } from '@stevedore/api';
import { ApiObject, listObjects, watchObjects } from '@stevedore/apiserver';
import type { Store } from '@stevedore/store';
import { controllerUid } from './owner-key';

export interface InformerEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: ApiObject;
  old?: ApiObject;
}

export function cacheKey(object: ApiObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export class Informer {
  readonly cache = new Map<string, ApiObject>();
  readonly events = new Subject<InformerEvent>();
  /**
   * By the uid of their controlling owner: a ReplicaSet finds its own pods without scanning
   * every pod of the cluster on each reconcile (kube-controller-manager keeps the same index).
   */
  private readonly byController = new Map<string, Map<string, ApiObject>>();
  private subscription?: Subscription;
  private stopped = false;

  constructor(private readonly store: Store, readonly resource: ResourceStrategy, private readonly query: { fieldSelector?: string; labelSelector?: string } = {}) {}

  /** Resolves once the first list is in the cache. */
  async start(): Promise<void> {
    await this.relist();
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.events.complete();
  }

  list(filter: (object: ApiObject) => boolean = () => true): ApiObject[] {
    return [...this.cache.values()].filter(filter);
  }

  get(namespace: string | undefined, name: string): ApiObject | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  /** The objects whose controlling owner has this uid. */
  controlledBy(uid: string): ApiObject[] {
    return [...(this.byController.get(uid)?.values() ?? [])];
  }

  private async relist(): Promise<void> {
    const page = await listObjects(this.store, this.resource, undefined, this.query);
    const seen = new Set<string>();
    for (const object of page.items) {
      const key = cacheKey(object);
      seen.add(key);
      this.apply({ type: this.cache.has(key) ? 'MODIFIED' : 'ADDED', object });
    }
    for (const [key, object] of this.cache) {
      if (!seen.has(key)) this.apply({ type: 'DELETED', object });
    }
    this.watchFrom(page.resourceVersion);
  }

  private watchFrom(resourceVersion: string): void {
    this.subscription?.unsubscribe();
    this.subscription = watchObjects(this.store, this.resource, undefined, { ...this.query, resourceVersion }).subscribe({
      next: (event) => {
        if (event.type === 'ERROR') this.retry();
        else if (event.type !== 'BOOKMARK') this.apply(event as InformerEvent);
      },
      error: () => this.retry(),
      complete: () => this.retry(),
    });
  }

  private retry(): void {
    if (this.stopped) return;
    setTimeout(() => this.relist().catch(() => this.retry()), 200).unref();
  }

  private apply(event: InformerEvent): void {
    const key = cacheKey(event.object);
    const old = this.cache.get(key);
    // A relist may hand back an object we already hold at the same revision: no news.
    if (event.type !== 'DELETED' && old?.metadata.resourceVersion === event.object.metadata.resourceVersion) return;
    if (event.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, event.object);
    this.reindex(key, old, event.type === 'DELETED' ? undefined : event.object);
    this.events.next({ ...event, ...(old ? { old } : {}) });
  }

  private reindex(key: string, old: ApiObject | undefined, object: ApiObject | undefined): void {
    const before = old && controllerUid(old);
    if (before) {
      const owned = this.byController.get(before)!;
      owned.delete(key);
      if (!owned.size) this.byController.delete(before);
    }
    const after = object && controllerUid(object);
    if (after) {
      if (!this.byController.has(after)) this.byController.set(after, new Map());
      this.byController.get(after)!.set(key, object);
    }
  }
}
