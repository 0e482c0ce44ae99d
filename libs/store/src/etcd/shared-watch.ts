// One etcd watch over the whole store, fanned out in memory to every watcher that starts at a
// revision it still holds (kube-apiserver's watch cache). Five hundred API watchers then cost
// one etcd watcher and one decode per event, not five hundred of each.
import type { Etcd3 } from 'etcd3';
import { Observable, type Subscription } from 'rxjs';
import type { StoredObject, StoreEvent } from '../store';
import { WatchCache } from '../watch-cache';
import { watchPrefix } from './etcd-watch';

export class SharedWatch {
  private cache?: WatchCache;
  private subscription?: Subscription;
  private watchers = 0;

  constructor(
    private readonly client: Etcd3,
    private readonly root: string,
    private readonly onCancel: (cancelled: Promise<void>) => void,
  ) {}

  /**
   * Events under the prefix after `afterRevision` from memory, or undefined when the cache does
   * not reach back that far (the caller then watches etcd directly). The first watcher starts the
   * shared watch at its own revision; it stops when the last one leaves.
   */
  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>> | undefined {
    const cache = this.cache ?? this.start(afterRevision);
    if (!cache.covers(afterRevision)) {
      if (this.watchers === 0) this.stop(cache);
      return undefined;
    }
    return new Observable<StoreEvent<T>>((subscriber) => {
      this.watchers++;
      const inner = cache.watch<T>(prefix, afterRevision).subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        if (--this.watchers === 0 && this.cache === cache) this.stop(cache);
      };
    });
  }

  /** After a compaction, watches from before it fail here as they would against etcd. */
  compact(revision: number): void {
    this.cache?.compact(revision);
  }

  close(): void {
    if (this.cache) this.stop(this.cache);
  }

  private start(afterRevision: number): WatchCache {
    const cache = new WatchCache(afterRevision);
    this.cache = cache;
    this.subscription = watchPrefix(this.client, this.root, '/', afterRevision, this.onCancel).subscribe({
      next: (event) => cache.append(event),
      // Its watchers fail (and relist); the next watcher starts a fresh shared watch.
      error: (err: Error) => this.reset(cache, err),
      complete: () => this.reset(cache),
    });
    return cache;
  }

  private stop(cache: WatchCache): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.reset(cache);
  }

  private reset(cache: WatchCache, err?: Error): void {
    if (this.cache !== cache) return;
    this.cache = undefined;
    if (err) cache.fail(err);
    else cache.close();
  }
}
