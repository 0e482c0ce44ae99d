// The production store: etcd v3 through the `etcd3` client. Every write is one transaction
// that compares the key's create or mod revision first, so concurrent writers fence each other.
import { Etcd3, IKeyValue, IRangeResponse, IResponseOp } from 'etcd3';
import { Observable } from 'rxjs';
import { decodeObject, encodeObject } from '../codec';
import {
  KeyExistsError, KeyNotFoundError, ListOptions, ListResult, RevisionConflictError, Store, StoredObject, StoreEvent,
} from '../store';
import { toStoreError } from './etcd-errors';
import { watchPrefix } from './etcd-watch';

export interface EtcdStoreOptions {
  endpoints: string[];
  /** Every key is stored under this prefix, so several clusters may share one etcd. */
  prefix?: string;
  requestTimeoutMs?: number;
}

/** The key just after every key starting with `prefix` (etcd's range_end for a prefix). */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export class EtcdStore implements Store {
  private constructor(private readonly client: Etcd3, private readonly root: string, private readonly timeoutMs: number) {}

  static async connect(options: EtcdStoreOptions): Promise<EtcdStore> {
    const timeoutMs = options.requestTimeoutMs ?? 5000;
    const client = new Etcd3({ hosts: options.endpoints, dialTimeout: timeoutMs, defaultCallOptions: () => ({ deadline: Date.now() + timeoutMs }) });
    const store = new EtcdStore(client, options.prefix ?? '/stevedore', timeoutMs);
    await store.currentRevision();
    return store;
  }

  async create<T extends StoredObject>(key: string, object: T): Promise<T> {
    const value = encodeObject(object);
    const res = await this.txn([{ key: this.k(key), target: 'Create', result: 'Equal', create_revision: 0 }], [{ request_put: { key: this.k(key), value: Buffer.from(value) } }], []);
    if (!res.succeeded) throw new KeyExistsError(key);
    return decodeObject<T>(value, Number(res.header.revision));
  }

  async get<T extends StoredObject>(key: string): Promise<T | undefined> {
    const res = await this.range({ key: this.k(key) });
    const kv = res.kvs[0];
    return kv ? this.decode<T>(kv) : undefined;
  }

  async list<T extends StoredObject>(prefix: string, options: ListOptions = {}): Promise<ListResult<T>> {
    const start = options.startAfter ? Buffer.concat([this.k(options.startAfter), Buffer.from([0])]) : this.k(prefix);
    const res = await this.range({ key: start, range_end: prefixEnd(this.k(prefix)), limit: options.limit ?? 0, revision: options.revision ?? 0 });
    return { items: res.kvs.map((kv) => this.decode<T>(kv)), revision: Number(res.header.revision), more: !!res.more };
  }

  async update<T extends StoredObject>(key: string, object: T, expectedRevision: number): Promise<T> {
    const value = encodeObject(object);
    const res = await this.txn([{ key: this.k(key), target: 'Mod', result: 'Equal', mod_revision: expectedRevision }],
      [{ request_put: { key: this.k(key), value: Buffer.from(value) } }], [{ request_range: { key: this.k(key) } }]);
    if (!res.succeeded) this.failCompare(key, expectedRevision, res.responses[0]);
    return decodeObject<T>(value, Number(res.header.revision));
  }

  async delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<T> {
    // Without an expected revision, pin the one just read: the returned object is then exactly what was deleted.
    const current = expectedRevision === undefined ? await this.range({ key: this.k(key) }) : undefined;
    const revision = expectedRevision ?? Number(current?.kvs[0]?.mod_revision ?? 0);
    if (current && !current.kvs[0]) throw new KeyNotFoundError(key);
    const res = await this.txn([{ key: this.k(key), target: 'Mod', result: 'Equal', mod_revision: revision }],
      [{ request_delete_range: { key: this.k(key), prev_kv: true } }], [{ request_range: { key: this.k(key) } }]);
    if (!res.succeeded) this.failCompare(key, revision, res.responses[0]);
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new KeyNotFoundError(key);
    return decodeObject<T>(prev.value.toString(), Number(res.header.revision));
  }

  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>> {
    return watchPrefix<T>(this.client, this.root, prefix, afterRevision);
  }

  async currentRevision(): Promise<number> {
    const res = await this.range({ key: this.k('/'), limit: 1, count_only: true });
    return Number(res.header.revision);
  }

  async compact(revision: number): Promise<void> {
    await this.client.kv.compact({ revision, physical: false }).catch((err: unknown) => {
      // Compacting to a revision that is already compacted is not an error for us.
      if (!/compacted/.test(String((err as Error).message))) throw toStoreError(err);
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private k(key: string): Buffer {
    return Buffer.from(this.root + key);
  }

  private decode<T extends StoredObject>(kv: IKeyValue): T {
    return decodeObject<T>(kv.value.toString(), Number(kv.mod_revision));
  }

  private failCompare(key: string, expected: number, op: IResponseOp | undefined): never {
    const kv = op?.response_range?.kvs[0];
    if (!kv) throw new KeyNotFoundError(key);
    throw new RevisionConflictError(key, expected, Number(kv.mod_revision));
  }

  private async range(req: Parameters<Etcd3['kv']['range']>[0]): Promise<IRangeResponse> {
    return this.client.kv.range(req, { deadline: Date.now() + this.timeoutMs }).catch((err: unknown) => {
      throw toStoreError(err);
    });
  }

  private async txn(compare: object[], success: object[], failure: object[]) {
    return this.client.kv.txn({ compare, success, failure } as Parameters<Etcd3['kv']['txn']>[0], { deadline: Date.now() + this.timeoutMs }).catch((err: unknown) => {
      throw toStoreError(err);
    });
  }
}
