import type { StoredObject } from './store';
import { StringPool } from './string-pool';

/** Shared by every decode in the process: the copies it saves are between objects. */
const pool = new StringPool();

/**
 * Marks a value the store keeps verbatim instead of as JSON: what the encryption decorator hands
 * down (`k8s:enc:…` text). A symbol, so no API object's field can ever be mistaken for it.
 */
export const SEALED = Symbol('sealed');

/** Where a sealed value was read from, when the reader knew (lists do): error messages name it. */
export const SEALED_KEY = Symbol('sealedKey');

/** A verbatim stored value, stamped with its resourceVersion like any object. */
export type SealedObject = StoredObject & { [SEALED]: string; [SEALED_KEY]?: string };

export function sealedObject(value: string, key?: string): SealedObject {
  return key === undefined ? { metadata: {}, [SEALED]: value } : { metadata: {}, [SEALED]: value, [SEALED_KEY]: key };
}

export function isSealed(object: StoredObject | undefined): object is SealedObject {
  return object !== undefined && typeof (object as Partial<SealedObject>)[SEALED] === 'string';
}

/** Serialises an object for storage: resourceVersion is derived from the store, never persisted. */
export function encodeObject(object: StoredObject): string {
  if (isSealed(object)) return object[SEALED];
  const { resourceVersion: _ignored, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

/** Parses a stored value and stamps it with the revision it was read at. */
export function decodeObject<T extends StoredObject>(value: string, revision: number): T {
  return stamp(parse<T>(value), revision);
}

/**
 * decodeObject for the copies caches keep (watch events and lists feed the watch cache and the
 * informers): their short strings come from the shared pool. A write's returned object or a
 * watch event's previous one is read once and dropped, so pooling it would be wasted work.
 */
export function decodeKept<T extends StoredObject>(value: string, revision: number, keyOf?: () => string): T {
  const object = parse<T>(value, keyOf);
  pool.internAll(object);
  return stamp(object, revision);
}

/** Objects are JSON, so anything else is a sealed value (JSON text always starts with `{` here). */
function parse<T extends StoredObject>(value: string, keyOf?: () => string): T {
  return (value.startsWith('{') ? JSON.parse(value) : sealedObject(value, keyOf?.())) as T;
}

function stamp<T extends StoredObject>(object: T, revision: number): T {
  object.metadata = { ...object.metadata, resourceVersion: String(revision) };
  return object;
}
