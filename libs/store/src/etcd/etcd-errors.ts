import { RevisionCompactedError, StoreUnavailableError } from '../store';

/** etcd and gRPC failures in the store's terms. A timeout leaves a write's outcome unknown. */
export function toStoreError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const compacted = /required revision has been compacted/.exec(message);
  if (compacted) return new RevisionCompactedError(0, 0);
  if (/future revision/.test(message)) return new StoreUnavailableError(`etcd: ${message}`, err);
  if (/deadline|unavailable|timed out|ECONNREFUSED|No connection|GRPC/i.test(message) || (err as Error).name?.startsWith('Grpc')) {
    return new StoreUnavailableError(`etcd did not answer: ${message}`, err);
  }
  return err instanceof Error ? err : new Error(message);
}
