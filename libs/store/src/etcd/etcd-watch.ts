// An etcd watch as an Observable of store events.
import type { Etcd3, IEvent } from 'etcd3';
import { Observable } from 'rxjs';
import { decodeKept, decodeObject } from '../codec';
import { RevisionCompactedError, type StoredObject, type StoreEvent, StoreUnavailableError } from '../store';
import { toStoreError } from './etcd-errors';

/** The store event for an etcd event, or undefined when etcd could not supply the previous value. */
function toEvent<T extends StoredObject>(event: IEvent, key: string): StoreEvent<T> | undefined {
  const revision = Number(event.kv.mod_revision);
  if (event.type === 'Put' && event.kv.create_revision === event.kv.mod_revision) {
    return { type: 'ADDED', key, revision, object: decodeKept<T>(event.kv.value.toString(), revision) };
  }
  // etcd omits prev_kv when that revision was compacted before the event was sent; without it
  // a delete has no object and filtered watchers cannot see objects leave, so the caller must relist.
  const prev = event.prev_kv;
  if (!prev) return undefined;
  const prevValue = prev.value.toString();
  const change: StoreEvent<T> =
    event.type === 'Put'
      ? { type: 'MODIFIED', key, revision, object: decodeKept<T>(event.kv.value.toString(), revision) }
      : { type: 'DELETED', key, revision, object: decodeObject<T>(prevValue, revision) };
  return withLazyPrevious(change, prevValue, Number(prev.mod_revision));
}

/**
 * Only watchers with selectors look at the previous object (to see objects leave their view),
 * so it is parsed on first use, once for every watcher that shares the event, and the watch
 * cache holds its text rather than a parsed copy.
 */
function withLazyPrevious<T extends StoredObject>(event: StoreEvent<T>, value: string, revision: number): StoreEvent<T> {
  let previous: T | undefined;
  return Object.defineProperty(event, 'previous', { enumerable: true, get: () => (previous ??= decodeObject<T>(value, revision)) });
}

/**
 * Events under `root + prefix` after `afterRevision`, keys without the root. Unsubscribing
 * cancels the etcd watcher and hands the cancellation to `onCancel`, so that closing the client
 * can wait for it (etcd3's close() leaves watch streams open and the process alive); `onCancel`
 * also handles its failure.
 */
export function watchPrefix<T extends StoredObject>(
  client: Etcd3,
  root: string,
  prefix: string,
  afterRevision: number,
  onCancel: (cancelled: Promise<void>) => void,
): Observable<StoreEvent<T>> {
  return new Observable<StoreEvent<T>>((subscriber) => {
    // The first revision not yet delivered: where a resumed or failed watch stands.
    let next = afterRevision + 1;
    let canceledByEtcd = false;
    const watcherPromise = client
      .watch()
      .prefix(root + prefix)
      .withPreviousKV()
      .startRevision(String(next))
      .create();
    watcherPromise.then(
      (watcher) => {
        watcher.on('data', (res) => {
          for (const etcdEvent of res.events) {
            const event = toEvent<T>(etcdEvent, etcdEvent.kv.key.toString().slice(root.length));
            if (!event) {
              subscriber.error(new RevisionCompactedError(next - 1, 0));
              return;
            }
            next = event.revision + 1;
            subscriber.next(event);
          }
        });
        // etcd3 resumes a watch after a reconnect from the revision in the header of the watch's
        // creation response, which may be ahead of the events it has delivered while catching up
        // on history; resume from what we actually delivered instead.
        watcher.on('disconnected', () => {
          watcher.request.start_revision = String(next);
        });
        watcher.on('error', (err) => {
          canceledByEtcd = true;
          void explainCancel(client, root + prefix, next, err).then((e) => subscriber.error(e));
        });
      },
      (err) => subscriber.error(toStoreError(err)),
    );
    return () => {
      onCancel(watcherPromise.then((w) => (canceledByEtcd ? undefined : w.cancel())));
    };
  });
}

/**
 * etcd 3.4 cancels a watch on compacted history with an empty reason, and etcd3 drops the
 * compact_revision that came with it ("Watcher canceled: "); a read at the revision the watch
 * stood at tells whether compaction was the cause.
 */
async function explainCancel(client: Etcd3, key: string, next: number, err: Error): Promise<Error> {
  if (!/Watcher canceled|compacted/.test(err.message)) return toStoreError(err);
  for (let attempt = 1; ; attempt++) {
    try {
      await client.kv.range({ key: Buffer.from(key), limit: 1, revision: next });
      return toStoreError(err);
    } catch (rangeErr) {
      const mapped = toStoreError(rangeErr, next - 1);
      if (mapped instanceof RevisionCompactedError) return mapped;
      // etcd3 closes a host's channels when one of its streams fails; over TLS this read can
      // race that close and fail with "Channel closed before call started". Ask again.
      if (attempt < 3 && mapped instanceof StoreUnavailableError) continue;
      return toStoreError(err);
    }
  }
}
