// How the etcd client treats its endpoints. With one, it never retries and never trips a circuit
// breaker: a timed-out write has an unknown outcome, and a breaker would refuse every request for
// seconds after a few slow ones under load; callers see each error. With several (an etcd
// cluster), a member that fails is skipped for a while (its breaker opens on the first
// connection-level failure) and a request that could not even connect goes to the next member,
// which is safe because nothing was sent. A request that reached a member and then failed is
// never retried, for the same unknown-outcome reason.

import { ConsecutiveBreaker, circuitBreaker, handleWhen, type IPolicy, noop, retry } from 'cockatiel';
import { isRecoverableError } from 'etcd3';

/** How long a failed member is skipped before one request tries it again. */
const SKIP_FAILED_MEMBER_MS = 3000;

/** The connection could not be made, so the request was never sent. */
export function neverSent(err: Error): boolean {
  return /No connection established|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/.test(err.message);
}

export function faultHandlingFor(endpoints: readonly string[]): { host: () => IPolicy; global: IPolicy } {
  if (endpoints.length < 2) return { host: () => noop, global: noop };
  return {
    host: () =>
      circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: SKIP_FAILED_MEMBER_MS, breaker: new ConsecutiveBreaker(1) }),
    // maxAttempts counts retries: one try per member in all.
    global: retry(handleWhen(neverSent), { maxAttempts: endpoints.length - 1 }),
  };
}
