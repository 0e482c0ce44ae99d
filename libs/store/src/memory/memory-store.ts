import type { Observable } from 'rxjs';
import { decodeKept, decodeObject, encodeObject } from '../codec';
import {
  checkValueSize,
  KeyExistsError,
  KeyNotFoundError,
  type ListOptions,
  type ListResult,
  RevisionCompactedError,
  RevisionConflictError,
  type Store,
  type StoredObject,
  type StoreEvent,
} from '../store';
import { WatchCache } from '../watch-cache';

/** One write to a key: its value (undefined once deleted) and revisions. */
interface Version {
  revision: number;
  createRevision: number;
  value?: string;
}

/**
 * The store in memory, for fast unit tests and hollow-node simulations. Keeps every version of
 * every key until compacted, so it serves reads at past revisions and watches from old
 * revisions exactly like etcd does; it passes the same conformance suite.
 */
export class MemoryStore implements Store {
  private revision = 1;
  private compacted = 0;
  private readonly versions = new Map<string, Version[]>();
  private readonly cache = new WatchCache(1, Number.MAX_SAFE_INTEGER);

  async create<T extends StoredObject>(key: string, object: T): Promise<T> {
    if (this.latest(key)?.value !== undefined) throw new KeyExistsError(key);
    return this.write(key, object, 'ADDED');
  }

  async get<T extends StoredObject>(key: string): Promise<T | undefined> {
    const version = this.latest(key);
    return version?.value === undefined ? undefined : decodeObject<T>(version.value, version.revision);
  }

  async list<T extends StoredObject>(prefix: string, options: ListOptions = {}): Promise<ListResult<T>> {
    const at = options.revision ?? this.revision;
    if (at <= this.compacted) throw new RevisionCompactedError(at, this.compacted);
    const keys = [...this.versions.keys()].filter((k) => k.startsWith(prefix) && (!options.startAfter || k > options.startAfter)).sort();
    const items: T[] = [];
    let more = false;
    for (const key of keys) {
      const version = this.versionAt(key, at);
      if (version?.value === undefined) continue;
      if (options.limit !== undefined && items.length >= options.limit) {
        more = true;
        break;
      }
      items.push(decodeKept<T>(version.value, version.revision, () => key));
    }
    return { items, revision: at, more };
  }

  async update<T extends StoredObject>(key: string, object: T, expectedRevision: number): Promise<T> {
    this.expectRevision(key, expectedRevision);
    return this.write(key, object, 'MODIFIED');
  }

  async delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<T> {
    const current = this.expectRevision(key, expectedRevision);
    const previous = decodeObject<T>(current.value!, current.revision);
    const revision = ++this.revision;
    this.versions.get(key)!.push({ revision, createRevision: 0 });
    const object = decodeObject<T>(current.value!, revision);
    this.cache.append({ type: 'DELETED', key, revision, object, previous });
    return object;
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>> {
    return this.cache.watch<T>(prefix, afterRevision);
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async compact(revision: number): Promise<void> {
    this.compacted = Math.max(this.compacted, revision);
    this.cache.compact(revision);
    for (const [key, list] of this.versions) {
      // Keep the newest version at or before the compaction point: reads after it still need it.
      const firstKept = Math.max(
        0,
        list.findLastIndex((v) => v.revision <= revision),
      );
      list.splice(0, firstKept);
      if (list.length === 1 && list[0]!.value === undefined) this.versions.delete(key);
    }
  }

  async close(): Promise<void> {
    this.cache.close();
  }

  private write<T extends StoredObject>(key: string, object: T, type: 'ADDED' | 'MODIFIED'): T {
    const before = this.latest(key);
    const previous = before?.value === undefined ? undefined : decodeObject<T>(before.value, before.revision);
    const value = encodeObject(object);
    checkValueSize(key, value);
    const revision = ++this.revision;
    const createRevision = type === 'ADDED' ? revision : before!.createRevision;
    if (!this.versions.has(key)) this.versions.set(key, []);
    this.versions.get(key)!.push({ revision, createRevision, value });
    const stored = decodeObject<T>(value, revision);
    this.cache.append({ type, key, revision, object: decodeKept(value, revision), ...(previous ? { previous } : {}) });
    return stored;
  }

  private expectRevision(key: string, expected: number | undefined): Version {
    const current = this.latest(key);
    if (current?.value === undefined) throw new KeyNotFoundError(key);
    if (expected !== undefined && current.revision !== expected) throw new RevisionConflictError(key, expected, current.revision);
    return current;
  }

  private latest(key: string): Version | undefined {
    return this.versions.get(key)?.at(-1);
  }

  private versionAt(key: string, revision: number): Version | undefined {
    return this.versions.get(key)?.findLast((v) => v.revision <= revision);
  }
}
