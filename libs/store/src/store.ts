import type { Observable } from 'rxjs';

/**
 * Any API object as the store sees it: JSON with a `metadata` map. The store owns exactly one
 * field, `metadata.resourceVersion`: it is never persisted and is set on every object handed out
 * to the revision at which that object was last modified.
 */
export interface StoredObject {
  metadata: { resourceVersion?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** One change seen by a watch. `revision` is the store revision of the change. */
export interface StoreEvent<T extends StoredObject = StoredObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  revision: number;
  /** For ADDED/MODIFIED the new object; for DELETED the object as it was last stored (with the deletion's revision). */
  object: T;
  /** The object before this change (MODIFIED and DELETED); lets watchers with filters see objects leave their view. */
  previous?: T;
}

export interface ListOptions {
  /** Read at this past revision (for consistent paging); default: the newest. */
  revision?: number;
  /** Only keys strictly after this one (paging). */
  startAfter?: string;
  /** At most this many objects; `more` tells whether more exist. */
  limit?: number;
}

export interface ListResult<T extends StoredObject = StoredObject> {
  items: T[];
  /** The revision the list was read at: a watch from it misses nothing and repeats nothing. */
  revision: number;
  more: boolean;
}

/**
 * The control plane's persistence seam: a revisioned key-value map of JSON objects.
 *
 * Terms: a *revision* is a store-wide, strictly increasing counter bumped by every write; an
 * object's resourceVersion is the revision of its last write. Writes are linearizable and
 * conditional where it matters: `create` only if absent, `update`/`delete` only at an expected
 * revision (compare-and-swap), so concurrent writers can never lose each other's updates.
 * A watch delivers, in revision order and exactly once, every change under a prefix after a
 * given revision; history is finite, and asking for a revision older than it keeps fails with
 * `RevisionCompactedError` so the caller relists.
 *
 * Errors: `KeyExistsError`, `KeyNotFoundError`, `RevisionConflictError`, `RevisionCompactedError`
 * and `StoreUnavailableError`. Adapters map them to API statuses.
 */
export interface Store {
  /** Stores the object under a new key. Throws KeyExistsError when the key is taken. */
  create<T extends StoredObject>(key: string, object: T): Promise<T>;
  /** The object under the key, or undefined. */
  get<T extends StoredObject>(key: string): Promise<T | undefined>;
  /** Objects whose keys start with the prefix, in key order. */
  list<T extends StoredObject>(prefix: string, options?: ListOptions): Promise<ListResult<T>>;
  /**
   * Replaces the object if its current revision equals `expectedRevision`.
   * Throws KeyNotFoundError if absent, RevisionConflictError if it changed meanwhile.
   */
  update<T extends StoredObject>(key: string, object: T, expectedRevision: number): Promise<T>;
  /**
   * Deletes the key, only at `expectedRevision` when given. Returns the deleted object.
   * Throws KeyNotFoundError if absent, RevisionConflictError on a stale revision.
   */
  delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<T>;
  /**
   * Changes under the prefix with revision > `afterRevision`. Errors with RevisionCompactedError
   * when that history is gone. Completes only when the store closes.
   */
  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>>;
  /** The newest revision. */
  currentRevision(): Promise<number>;
  /** Forgets history up to and including `revision` (watches from before it then fail). */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

export class KeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`key ${key} already exists`);
    this.name = 'KeyExistsError';
  }
}

export class KeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`key ${key} not found`);
    this.name = 'KeyNotFoundError';
  }
}

export class RevisionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`key ${key} is at revision ${actual}, not ${expected}`);
    this.name = 'RevisionConflictError';
  }
}

export class RevisionCompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`revision ${requested} is older than the oldest kept history (${oldest})`);
    this.name = 'RevisionCompactedError';
  }
}

/**
 * The largest value a store takes: etcd's default request limit (`--max-request-bytes`,
 * 1.5 MiB) less room for the key and the transaction around it. Both stores keep to it, so an
 * object refused by etcd is refused the same way everywhere, before any round trip.
 */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024 - 16 * 1024;

/** A value over MAX_VALUE_BYTES (or the backend's own limit); nothing was written. */
export class ValueTooLargeError extends Error {
  constructor(readonly key: string) {
    super(`the value for ${key} is over the store's limit of ${MAX_VALUE_BYTES} bytes`);
    this.name = 'ValueTooLargeError';
  }
}

/** The backend could not be reached or did not answer in time: the outcome of a write is unknown. */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Builds an error without capturing a stack trace: conflicts and missing keys are answers, not
 * bugs, and capturing stacks for them was a tenth of the control plane's CPU at 5,000 nodes.
 */
export function expectedError<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The revision of an object's last write (0 for one never stored); takes typed objects as well as StoredObjects. */
export function revisionOf(object: { metadata: { resourceVersion?: string } }): number {
  const rv = object.metadata.resourceVersion;
  return rv ? Number(rv) : 0;
}

/** Throws ValueTooLargeError for an encoded value the store must not take. */
export function checkValueSize(key: string, value: string): void {
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) throw expectedError(() => new ValueTooLargeError(key));
}
