import { KeyNotFoundError, revisionOf, RevisionConflictError, Store, StoredObject } from './store';

/**
 * Read-modify-write with optimistic concurrency: re-reads and re-applies `change` when another
 * writer got in between. `change` returns undefined to leave the object as it is.
 */
export async function guaranteedUpdate<T extends StoredObject>(
  store: Store, key: string, change: (current: T) => T | undefined, attempts = 10,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get<T>(key);
    if (!current) throw new KeyNotFoundError(key);
    const next = change(structuredClone(current));
    if (!next) return current;
    try {
      return await store.update(key, next, revisionOf(current));
    } catch (err) {
      if (!(err instanceof RevisionConflictError) || attempt >= attempts) throw err;
    }
  }
}
