// A Store that times every operation for etcd_request_duration_seconds and counts open watches,
// labelled with the object type its key belongs to ("pods", "deployments.apps").

import { findResource } from '@stevedore/api';
import { KeyExistsError, KeyNotFoundError, RevisionConflictError, type Store, type StoredObject, type StoreEvent } from '@stevedore/store';
import { Observable } from 'rxjs';
import type { ControlPlaneMetrics } from './control-plane-metrics';

/** Keys are /<plural>/… for the core group and /<group>/<plural>/… otherwise. */
export function objectType(key: string): string {
  const [first = '', second = ''] = key.split('/').filter(Boolean);
  return second && findResource(first, second) ? `${second}.${first}` : first;
}

// Conflicts and missing keys are answers, not failures of the store.
function isFailure(err: unknown): boolean {
  return !(err instanceof KeyExistsError || err instanceof KeyNotFoundError || err instanceof RevisionConflictError);
}

export function instrumentStore(store: Store, metrics: ControlPlaneMetrics): Store {
  const timed = async <T>(operation: string, key: string, work: () => Promise<T>): Promise<T> => {
    const labels = { operation, type: objectType(key) };
    const end = metrics.storeSeconds.startTimer(labels);
    try {
      return await work();
    } catch (err) {
      if (isFailure(err)) metrics.storeErrors.inc(labels);
      throw err;
    } finally {
      end();
    }
  };
  return {
    create: (key, object) => timed('create', key, () => store.create(key, object)),
    get: (key) => timed('get', key, () => store.get(key)),
    list: (prefix, options) => timed('list', prefix, () => store.list(prefix, options)),
    update: (key, object, expected) => timed('update', key, () => store.update(key, object, expected)),
    delete: (key, expected) => timed('delete', key, () => store.delete(key, expected)),
    watch: <T extends StoredObject>(prefix: string, after: number) =>
      new Observable<StoreEvent<T>>((subscriber) => {
        const labels = { type: objectType(prefix) };
        metrics.storeWatches.inc(labels);
        const subscription = store.watch<T>(prefix, after).subscribe(subscriber);
        return () => {
          metrics.storeWatches.dec(labels);
          subscription.unsubscribe();
        };
      }),
    currentRevision: () => timed('currentRevision', '', () => store.currentRevision()),
    compact: (revision) => timed('compact', '', () => store.compact(revision)),
    close: () => store.close(),
  };
}
