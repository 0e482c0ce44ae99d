// An informer: an in-memory copy of one resource, kept current by list-then-watch, relisting
// when the watch falls too far behind (410). Controllers read this cache, never the store.
// It is typed by the strategy it is built with: `new Informer(store, pods)` holds Pods.

import type { KubeObject, ResourceStrategy } from '@stevedore/api';
import { type ApiObject, asKind, listObjects, type Stored, watchObjects } from '@stevedore/apiserver';
import { type Logger, logger } from '@stevedore/log';
import type { Store } from '@stevedore/store';
import { type Observable, Subject, type Subscription, takeUntil } from 'rxjs';
import { controllerUid } from './owner-key';

export interface InformerEvent<T extends KubeObject = ApiObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Stored<T>;
  old?: Stored<T>;
}

export function cacheKey(object: { metadata: { namespace?: string; name: string } }): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** `Informer` without a type argument is the untyped view (ApiObject), for code not yet typed. */
export class Informer<T extends KubeObject = ApiObject> {
  readonly cache = new Map<string, Stored<T>>();
  /** Every change applied to the cache. */
  readonly events: Observable<InformerEvent<T>>;
  /**
   * What feeds `events`. Typed by its methods rather than as a Subject (whose observer list
   * would make T invariant) so that an Informer<Pod> is also an Informer<KubeObject>, as code
   * that handles informers of several kinds together needs.
   */
  private readonly changes: { next(event: InformerEvent<T>): void; complete(): void };
  /**
   * By the uid of their controlling owner: a ReplicaSet finds its own pods without scanning
   * every pod of the cluster on each reconcile (kube-controller-manager keeps the same index).
   */
  private readonly byController = new Map<string, Map<string, Stored<T>>>();
  private subscription?: Subscription;
  private stopped = false;
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    readonly resource: ResourceStrategy<T>,
    private readonly query: { fieldSelector?: string; labelSelector?: string } = {},
  ) {
    this.log = logger('informer').child({ resource: resource.plural });
    const changes = new Subject<InformerEvent<T>>();
    this.changes = changes;
    this.events = changes.asObservable();
  }

  /** Resolves once the first list is in the cache. */
  async start(): Promise<void> {
    await this.relist();
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.changes.complete();
  }

  list(filter: (object: Stored<T>) => boolean = () => true): Stored<T>[] {
    return [...this.cache.values()].filter(filter);
  }

  get(namespace: string | undefined, name: string): Stored<T> | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  /** The objects whose controlling owner has this uid. */
  controlledBy(uid: string): Stored<T>[] {
    return [...(this.byController.get(uid)?.values() ?? [])];
  }

  private async relist(): Promise<void> {
    const page = await listObjects(this.store, this.resource, undefined, this.query);
    const seen = new Set<string>();
    for (const item of page.items) {
      const object = asKind(this.resource, item);
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
        // An ERROR event is the expected 410 once the watch falls behind compaction: relist.
        if (event.type === 'ERROR') this.retry();
        else if (event.type !== 'BOOKMARK') this.apply({ type: event.type, object: asKind(this.resource, event.object) });
      },
      error: (err) => {
        this.log.warn('watch failed; listing again', { err });
        this.retry();
      },
      complete: () => this.retry(),
    });
  }

  private retry(): void {
    if (this.stopped) return;
    setTimeout(() => {
      this.relist().catch((err) => {
        this.log.warn('list failed; trying again', { err });
        this.retry();
      });
    }, 200).unref();
  }

  private apply(event: InformerEvent<T>): void {
    const key = cacheKey(event.object);
    const old = this.cache.get(key);
    // A relist may hand back an object we already hold at the same revision: no news.
    if (event.type !== 'DELETED' && old?.metadata.resourceVersion === event.object.metadata.resourceVersion) return;
    if (event.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, event.object);
    this.reindex(key, old, event.type === 'DELETED' ? undefined : event.object);
    this.changes.next({ ...event, ...(old ? { old } : {}) });
  }

  private reindex(key: string, old: Stored<T> | undefined, object: Stored<T> | undefined): void {
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

/**
 * A view of an informer whose `events` end when `until` emits; reads go to the informer itself.
 * Controllers built for one leadership term subscribe through such views: when the term ends,
 * their subscriptions end with it. (Subscribed to the shared informer itself, a stopped
 * controller stayed reachable and was still handed every event: the scheduler's queue of a
 * term that was over grew by one key per pod created, for good.)
 */
export function scopedInformer<I extends Informer<KubeObject>>(informer: I, until: Observable<unknown>): I {
  return Object.create(informer, { events: { value: informer.events.pipe(takeUntil(until)) } }) as I;
}

/** `scopedInformer` over every informer of a record, keeping its keys and types. */
export function scopedInformers<R extends Record<string, Informer<KubeObject>>>(informers: R, until: Observable<unknown>): R {
  return Object.fromEntries(Object.entries(informers).map(([name, informer]) => [name, scopedInformer(informer, until)])) as R;
}
