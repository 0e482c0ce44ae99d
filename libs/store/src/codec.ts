import type { StoredObject } from './store';
import { StringPool } from './string-pool';

/** Shared by every decode in the process: the copies it saves are between objects. */
const pool = new StringPool();

/** Serialises an object for storage: resourceVersion is derived from the store, never persisted. */
export function encodeObject(object: StoredObject): string {
  const { resourceVersion: _ignored, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

/** Parses a stored value and stamps it with the revision it was read at. */
export function decodeObject<T extends StoredObject>(value: string, revision: number): T {
  return stamp(JSON.parse(value) as T, revision);
}

/**
 * decodeObject for the copies caches keep (watch events and lists feed the watch cache and the
 * informers): their short strings come from the shared pool. A write's returned object or a
 * watch event's previous one is read once and dropped, so pooling it would be wasted work.
 */
export function decodeKept<T extends StoredObject>(value: string, revision: number): T {
  const object = JSON.parse(value) as T;
  pool.internAll(object);
  return stamp(object, revision);
}

function stamp<T extends StoredObject>(object: T, revision: number): T {
  object.metadata = { ...object.metadata, resourceVersion: String(revision) };
  return object;
}
