// Public API of @stevedore/store: the revisioned object store (etcd in production, memory in unit tests).

export { startCompactor } from './compactor';
export { EncryptingStore } from './encryption/encrypting-store';
export { EncryptionConfig, EncryptionConfigError, loadEncryptionConfig, parseEncryptionConfig } from './encryption/encryption-config';
export { DecryptionError } from './encryption/provider-chain';
export type { EmbeddedEtcd, EmbeddedEtcdOptions, EtcdJoin } from './etcd/embedded-etcd';
export { HOST_MEMBER_PORTS, startEmbeddedEtcd, stopStaleEtcd } from './etcd/embedded-etcd';
export { addLearner, type EtcdMember, listMembers, promoteWhenCaughtUp, removeMember } from './etcd/etcd-membership';
export { EMBEDDED_MEMBER, restoreSnapshot, saveSnapshot } from './etcd/etcd-snapshot';
export type { EtcdStoreOptions } from './etcd/etcd-store';
export { EtcdStore } from './etcd/etcd-store';
export { DEFAULT_ETCD_BACKOFF, type EtcdBackoff, type SupervisedEtcd, superviseEtcd } from './etcd/etcd-supervisor';
export type { EtcdCredentials } from './etcd/etcd-tls';
export { etcdHealthy, etcdTlsFlags, readEtcdCredentials } from './etcd/etcd-tls';
export { MemoryStore } from './memory/memory-store';
export type { ListOptions, ListResult, Store, StoredObject, StoreEvent } from './store';
export {
  expectedError,
  KeyExistsError,
  KeyNotFoundError,
  MAX_VALUE_BYTES,
  RevisionCompactedError,
  RevisionConflictError,
  revisionOf,
  StoreUnavailableError,
  ValueTooLargeError,
} from './store';
export { WatchCache } from './watch-cache';
