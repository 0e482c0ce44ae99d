// Secrets at rest: a Store decorator that encrypts the values of configured resources on their
// way down and decrypts them on their way up (get, list, watch, the objects writes return).
// Keys, revisions, watches and compaction are the wrapped store's, untouched: only values change.
import { map, type Observable } from 'rxjs';
import { decodeKept, decodeObject, encodeObject, isSealed, SEALED, SEALED_KEY, sealedObject } from '../codec';
import { type ListOptions, type ListResult, revisionOf, type Store, type StoredObject, type StoreEvent } from '../store';
import type { EncryptionConfig } from './encryption-config';
import { DecryptionError, describePrefix, type ProviderChain } from './provider-chain';
import { resourceOfKey } from './resource-of-key';

/** Which providers open values: those of one resource, or every rule's when a list prefix spans resources. */
type Openers = ProviderChain | ProviderChain[] | undefined;

/** decodeKept for what caches keep (lists, watch objects), decodeObject for the rest. */
type Decode = <U extends StoredObject>(value: string, revision: number) => U;

export class EncryptingStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly config: EncryptionConfig,
  ) {}

  async create<T extends StoredObject>(key: string, object: T): Promise<T> {
    const { stored, plaintext } = this.seal(key, object);
    return revealed(plaintext, await this.inner.create(key, stored));
  }

  async get<T extends StoredObject>(key: string): Promise<T | undefined> {
    const found = await this.inner.get<T>(key);
    return found && this.open(this.openersOf(key), key, found, decodeObject);
  }

  async list<T extends StoredObject>(prefix: string, options?: ListOptions): Promise<ListResult<T>> {
    const listed = await this.inner.list<T>(prefix, options);
    const openers = this.openersOf(prefix);
    return { ...listed, items: listed.items.map((item) => this.open(openers, itemKey(prefix, item), item, decodeKept)) };
  }

  async update<T extends StoredObject>(key: string, object: T, expectedRevision: number): Promise<T> {
    const { stored, plaintext } = this.seal(key, object);
    return revealed(plaintext, await this.inner.update(key, stored, expectedRevision));
  }

  async delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<T> {
    return this.open(this.openersOf(key), key, await this.inner.delete<T>(key, expectedRevision), decodeObject);
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>> {
    return this.inner.watch<T>(prefix, afterRevision).pipe(map((event) => this.openEvent(event)));
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The value to store (sealed when the resource is configured and its first provider is a key) and its plaintext. */
  private seal<T extends StoredObject>(key: string, object: T): { stored: T; plaintext?: string } {
    const resource = resourceOfKey(key);
    const chain = resource && this.config.chainFor(resource);
    if (!chain) return { stored: object };
    const plaintext = encodeObject(object);
    const sealed = chain.seal(plaintext);
    return sealed === undefined ? { stored: object } : { stored: sealedObject(sealed) as StoredObject as T, plaintext };
  }

  private openersOf(keyOrPrefix: string): Openers {
    const resource = resourceOfKey(keyOrPrefix);
    return resource ? this.config.chainFor(resource) : this.config.chains;
  }

  /** The object a stored value holds; plaintext only where the resource's providers accept it (identity listed, or none configured). */
  private open<T extends StoredObject>(openers: Openers, key: string, found: T, decode: Decode): T {
    if (!isSealed(found)) {
      if (Array.isArray(openers) || !openers || openers.readsPlaintext) return found;
      throw new DecryptionError(key, 'it is stored unencrypted and the encryption config lists no identity provider for it');
    }
    const stored = found[SEALED];
    const chains = Array.isArray(openers) ? openers : openers ? [openers] : [];
    if (!chains.length) throw new DecryptionError(key, `it is encrypted (${describePrefix(stored)}) but no provider is configured for it`);
    let failure: unknown;
    for (const chain of chains) {
      try {
        return decode<T>(chain.open(key, stored), revisionOf(found));
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }

  private openEvent<T extends StoredObject>(event: StoreEvent<T>): StoreEvent<T> {
    const openers = this.openersOf(event.key);
    // Resources nobody encrypts pass untouched: most events, on the control plane's hottest path.
    if (!openers && !isSealed(event.object)) return event;
    const { type, key, revision } = event;
    const opened: StoreEvent<T> = { type, key, revision, object: this.open(openers, key, event.object, decodeKept) };
    // Stores decode `previous` lazily (few watchers read it): keep it lazy, and unread here.
    if (!('previous' in event)) return opened;
    let previous: T | undefined;
    return Object.defineProperty(opened, 'previous', {
      enumerable: true,
      get: () => (previous ??= event.previous && this.open(openers, key, event.previous, decodeObject)),
    });
  }
}

/** What a write returns: the object it was given, stamped like the store's copy (no decryption needed). */
function revealed<T extends StoredObject>(plaintext: string | undefined, stored: T): T {
  return plaintext === undefined ? stored : decodeObject<T>(plaintext, revisionOf(stored));
}

/** Items of a list carry no key: sealed ones know theirs when the store said, plaintext ones have their names. */
function itemKey(prefix: string, item: StoredObject): string {
  if (isSealed(item)) return item[SEALED_KEY] ?? `a value under ${prefix}`;
  const { namespace, name } = item.metadata as { namespace?: string; name?: string };
  return `${prefix}${namespace && !prefix.includes(`/${namespace}/`) ? `${namespace}/` : ''}${name ?? ''}`;
}
