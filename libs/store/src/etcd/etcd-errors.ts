import { isRecoverableError } from 'etcd3';
import { RevisionCompactedError, StoreUnavailableError, ValueTooLargeError } from '../store';

/**
 * etcd and gRPC failures in the store's terms. A timeout leaves a write's outcome unknown.
 * `requested` is the revision the caller asked to read from, when there was one.
 */
export function toStoreError(err: unknown, requested = 0, key = ''): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/request is too large|message larger than max/.test(message)) return new ValueTooLargeError(key);
  // etcd does not say how far it compacted; `oldest` stays 0 (unknown).
  if (/required revision has been compacted/.test(message)) return new RevisionCompactedError(requested, 0);
  if (/future revision/.test(message)) return new StoreUnavailableError(`etcd: ${message}`, err);
  // Once a few calls failed, etcd3's circuit breaker fails fast without trying the host (for
  // 5 s): that is the same outage, not another kind of error.
  const brokenCircuit = typeof err === 'object' && err !== null && 'isBrokenCircuitError' in err;
  if (brokenCircuit || (err instanceof Error && isRecoverableError(err))) {
    return new StoreUnavailableError(`etcd did not answer: ${message}`, err);
  }
  return err instanceof Error ? err : new Error(message);
}
