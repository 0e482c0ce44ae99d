// Fencing for the singletons' writes: a registry whose every store write first checks that its
// leadership term is still current (lease held, last renewal within the renew deadline by the
// local clock). A term that ended never writes again, even if a stale reconcile was in flight.
//
// The window left: a write that passed the check is handed to etcd and may commit up to one
// etcd round trip later. The renew deadline (10 s) is shorter than the lease (15 s) by more than
// such a round trip, so it still lands before another candidate may consider the lease expired.
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { Store } from '@stevedore/store';

export class NotLeaderError extends Error {
  constructor(
    readonly key: string,
    lease: string,
  ) {
    super(`not writing ${key}: this control plane no longer holds the ${lease} lease`);
    this.name = 'NotLeaderError';
  }
}

/** A store whose create, update and delete throw NotLeaderError once `leading()` is false. */
export function fencedStore(store: Store, leading: () => boolean, lease: string): Store {
  const check = (key: string) => {
    if (!leading()) throw new NotLeaderError(key, lease);
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'create' && prop !== 'update' && prop !== 'delete') return typeof value === 'function' ? value.bind(target) : value;
      return (key: string, ...rest: unknown[]) => {
        check(key);
        return (value as (...args: unknown[]) => unknown).call(target, key, ...rest);
      };
    },
  });
}

/**
 * The registry as the singletons see it: the same admission, allocators and recent copies, but
 * its methods reach the store through the fenced one (they read `this.store`, and `this` is the proxy).
 */
export function fencedRegistry(registry: ObjectRegistry, leading: () => boolean, lease: string): ObjectRegistry {
  const store = fencedStore(registry.store, leading, lease);
  return new Proxy(registry, {
    get(target, prop, receiver) {
      return prop === 'store' ? store : Reflect.get(target, prop, receiver);
    },
  });
}
