// Public API of @stevedore/store: the revisioned object store (etcd in production, memory in unit tests).
export {
  KeyExistsError, KeyNotFoundError, RevisionConflictError, RevisionCompactedError, StoreUnavailableError, expectedError, revisionOf,
} from './store';
export type { Store, StoredObject, StoreEvent, ListOptions, ListResult } from './store';
export { MemoryStore } from './memory/memory-store';
export { EtcdStore } from './etcd/etcd-store';
export type { EtcdStoreOptions } from './etcd/etcd-store';
export { startEmbeddedEtcd, stopStaleEtcd } from './etcd/embedded-etcd';
export type { EmbeddedEtcd, EmbeddedEtcdOptions } from './etcd/embedded-etcd';
export { WatchCache } from './watch-cache';
export { startCompactor } from './compactor';
