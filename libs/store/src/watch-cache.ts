import { Observable, Subject } from 'rxjs';
import { RevisionCompactedError, type StoredObject, type StoreEvent } from './store';

/**
 * A bounded, in-order log of recent store events with live fan-out: a watcher replays what it
 * missed after a revision, then follows new events, with no gap and no duplicate because replay
 * and subscription happen in the same synchronous step. This is what lets one backend watch
 * feed thousands of API watchers (Kubernetes calls it the watch cache).
 */
export class WatchCache {
  private readonly events: StoreEvent[] = [];
  private readonly live = new Subject<StoreEvent>();
  /** Every event with revision > this one is in the log (or has not happened yet). */
  private oldestKept: number;

  constructor(
    startRevision: number,
    private readonly capacity = 20_000,
  ) {
    this.oldestKept = startRevision;
  }

  get newestRevision(): number {
    return this.events.at(-1)?.revision ?? this.oldestKept;
  }

  append(event: StoreEvent): void {
    this.events.push(event);
    // Old events go a quarter of the capacity at a time: dropping one per append shifted the whole
    // array each time, which was the control plane's largest cost at 1,000 nodes.
    if (this.events.length > this.capacity + Math.floor(this.capacity / 4)) {
      const dropped = this.events.splice(0, this.events.length - this.capacity);
      this.oldestKept = dropped.at(-1)!.revision;
    }
    this.live.next(event);
  }

  /** Forget events up to and including `revision`. */
  compact(revision: number): void {
    if (revision <= this.oldestKept) return;
    const keep = this.events.findIndex((e) => e.revision > revision);
    this.events.splice(0, keep < 0 ? this.events.length : keep);
    this.oldestKept = revision;
  }

  /** Whether a watch from `afterRevision` can be served from memory. */
  covers(afterRevision: number): boolean {
    return afterRevision >= this.oldestKept;
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>> {
    return new Observable<StoreEvent<T>>((subscriber) => {
      if (!this.covers(afterRevision)) {
        subscriber.error(new RevisionCompactedError(afterRevision, this.oldestKept));
        return undefined;
      }
      const wanted = (e: StoreEvent) => e.revision > afterRevision && e.key.startsWith(prefix);
      for (let i = this.firstAfter(afterRevision); i < this.events.length; i++) {
        const event = this.events[i]!;
        if (wanted(event)) subscriber.next(event as StoreEvent<T>);
      }
      const subscription = this.live.subscribe({
        next: (event) => wanted(event) && subscriber.next(event as StoreEvent<T>),
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => subscription.unsubscribe();
    });
  }

  /** Index of the first event with a revision above `revision` (the log is in revision order). */
  private firstAfter(revision: number): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.events[mid]!.revision > revision) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Ends every watch with an error (e.g. the backend watch broke and history may have a gap). */
  fail(error: Error): void {
    this.live.error(error);
  }

  close(): void {
    this.live.complete();
  }
}
