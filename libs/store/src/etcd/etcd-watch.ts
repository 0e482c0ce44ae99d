// An etcd watch as an Observable of store events. Deletes carry the previous value (prevKV),
// puts are ADDED when the key was just created, else MODIFIED with the previous value.
import type { Etcd3, IKeyValue } from 'etcd3';
import { Observable } from 'rxjs';
import { decodeObject } from '../codec';
import { RevisionCompactedError, StoredObject, StoreEvent } from '../store';
import { toStoreError } from './etcd-errors';

export function watchPrefix<T extends StoredObject>(client: Etcd3, root: string, prefix: string, afterRevision: number): Observable<StoreEvent<T>> {
  return new Observable<StoreEvent<T>>((subscriber) => {
    let closed = false;
    const builder = client.watch().prefix(root + prefix).withPreviousKV().startRevision(String(afterRevision + 1));
    const watcherPromise = builder.create();
    const key = (kv: IKeyValue) => kv.key.toString().slice(root.length);
    watcherPromise.then((watcher) => {
      if (closed) {
        void watcher.cancel();
        return;
      }
      watcher.on('data', (res) => {
        if (res.compact_revision && Number(res.compact_revision) > 0) {
          subscriber.error(new RevisionCompactedError(afterRevision, Number(res.compact_revision)));
          return;
        }
        for (const event of res.events) {
          const revision = Number(event.kv.mod_revision);
          const previous = event.prev_kv ? decodeObject<T>(event.prev_kv.value.toString(), Number(event.prev_kv.mod_revision)) : undefined;
          if (event.type === 'Delete') {
            if (!previous) continue;
            subscriber.next({ type: 'DELETED', key: key(event.kv), revision, object: decodeObject<T>(event.prev_kv!.value.toString(), revision), previous });
          } else {
            const created = event.kv.create_revision === event.kv.mod_revision;
            const object = decodeObject<T>(event.kv.value.toString(), revision);
            subscriber.next({ type: created ? 'ADDED' : 'MODIFIED', key: key(event.kv), revision, object, ...(previous && !created ? { previous } : {}) });
          }
        }
      });
      watcher.on('error', (err) => {
        void explainCancel(client, root + prefix, afterRevision, err).then((e) => subscriber.error(e));
      });
    }, (err) => subscriber.error(toStoreError(err)));
    return () => {
      closed = true;
      void watcherPromise.then((w) => w.cancel(), () => undefined);
    };
  });
}

/**
 * etcd 3.4 cancels a watch on a compacted revision with an empty reason, and the client drops
 * the compact_revision it sent; a read at that revision tells whether compaction was the cause.
 */
async function explainCancel(client: Etcd3, key: string, afterRevision: number, err: Error): Promise<Error> {
  if (!/Watcher canceled|compacted/.test(err.message)) return toStoreError(err);
  try {
    await client.kv.range({ key: Buffer.from(key), limit: 1, revision: afterRevision + 1 });
    return toStoreError(err);
  } catch (rangeErr) {
    return /compacted/.test(String((rangeErr as Error).message)) ? new RevisionCompactedError(afterRevision, 0) : toStoreError(err);
  }
}
