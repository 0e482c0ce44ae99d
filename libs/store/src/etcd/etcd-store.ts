// The production store: etcd v3 through the `etcd3` client. Every write is one transaction
// that compares the key's create or mod revision first, so concurrent writers fence each other.

import { type Logger, logger } from '@stevedore/log';
import type { EtcdClientTls } from '@stevedore/pki';
import {
  Etcd3,
  type ICompare,
  type IKeyValue,
  type IRangeRequest,
  type IRangeResponse,
  type IRequestOp,
  type IResponseOp,
  type ITxnResponse,
} from 'etcd3';
import { defer, EMPTY, type Observable, Subject, takeUntil } from 'rxjs';
import { decodeKept, decodeObject, encodeObject } from '../codec';
import {
  checkValueSize,
  expectedError,
  KeyExistsError,
  KeyNotFoundError,
  type ListOptions,
  type ListResult,
  RevisionConflictError,
  type Store,
  type StoredObject,
  type StoreEvent,
} from '../store';
import { faultHandlingFor } from './endpoint-failover';
import { toStoreError } from './etcd-errors';
import { readEtcdCredentials } from './etcd-tls';
import { watchPrefix } from './etcd-watch';
import { SharedWatch } from './shared-watch';
import { TxnBatcher } from './txn-batcher';

/** Unlimited lists: the first page's count, then pages of about PAGE_BYTES (the client takes up to 64 MiB). */
const FIRST_PAGE = 500;
const PAGE_BYTES = 16 * 1024 * 1024;
const MAX_PAGE = 20_000;

export interface EtcdStoreOptions {
  endpoints: string[];
  /** CA and client certificate for an etcd that requires them (https endpoints without it trust the system's roots). */
  tls?: Partial<EtcdClientTls>;
  /** Every key is stored under this prefix, so several clusters may share one etcd. */
  prefix?: string;
  requestTimeoutMs?: number;
  /** `store` by default. */
  log?: Logger;
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

/**
 * HTTP/2's default 64 KiB window let etcd send the shared watch only 64 KiB per turn of our
 * event loop: at 30,000 pods on 5,000 nodes its stream stalled, etcd marked the watcher slow and
 * held up to 126,000 events for it, and etcd 3.4 re-reads a slow watcher's whole backlog every
 * 100 ms, so once the backlog was large it never caught up (binding stopped, leases lapsed).
 */
const WATCH_WINDOW_BYTES = 16 * 1024 * 1024;

export class EtcdStore implements Store {
  private closed = false;
  private readonly closing = new Subject<void>();
  private readonly cancellations = new Set<Promise<void>>();
  private readonly shared: SharedWatch;
  private readonly writes: TxnBatcher;

  private constructor(
    private readonly client: Etcd3,
    private readonly root: string,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {
    this.shared = new SharedWatch(client, root, (cancelled) => this.trackCancel(cancelled));
    this.writes = new TxnBatcher((req) => this.client.kv.txn(req, { deadline: Date.now() + this.timeoutMs }));
  }

  /** Connects and makes one read, so a wrong or dead endpoint fails here with StoreUnavailableError. */
  static async connect(options: EtcdStoreOptions): Promise<EtcdStore> {
    // Kubernetes gives a request up to 60 s; 15 s lets a loaded etcd (slow applies on two shared
    // cores, at 30,000 pods) answer, where 5 s turned its slow moments into 504s.
    const timeoutMs = options.requestTimeoutMs ?? 15_000;
    // etcd accepts requests up to 1.5 MiB; a page of many such objects may exceed gRPC's 4 MiB default.
    // Retries and skipping failed members: see endpoint-failover.ts.
    const client = new Etcd3({
      hosts: options.endpoints,
      credentials: options.tls ? await readEtcdCredentials(options.tls) : undefined,
      dialTimeout: 5000,
      defaultCallOptions: () => ({ deadline: Date.now() + timeoutMs }),
      grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc-node.flow_control_window': WATCH_WINDOW_BYTES },
      faultHandling: faultHandlingFor(options.endpoints),
    });
    const store = new EtcdStore(client, options.prefix ?? '/stevedore', timeoutMs, options.log ?? logger('store'));
    await store.currentRevision().catch((err: unknown) => {
      client.close();
      throw err;
    });
    return store;
  }

  async create<T extends StoredObject>(key: string, object: T): Promise<T> {
    const value = encodeObject(object);
    checkValueSize(key, value);
    const res = await this.txn(
      key,
      [{ key: this.k(key), target: 'Create', result: 'Equal', create_revision: 0 }],
      [{ request_put: { key: this.k(key), value: Buffer.from(value) } }],
      [],
    );
    if (!res.succeeded) throw expectedError(() => new KeyExistsError(key));
    return decodeObject<T>(value, Number(res.header.revision));
  }

  async get<T extends StoredObject>(key: string): Promise<T | undefined> {
    const kv = (await this.range({ key: this.k(key) })).kvs[0];
    return kv ? this.decode<T>(kv) : undefined;
  }

  async list<T extends StoredObject>(prefix: string, options: ListOptions = {}): Promise<ListResult<T>> {
    if (options.limit) {
      const page = await this.page(prefix, options.startAfter, options.limit, options.revision);
      return { items: page.kvs.map((kv) => this.decodeListed<T>(kv)), revision: page.revision, more: page.more };
    }
    // Everything, at one revision, in pages sized by the bytes seen so far: each etcd response
    // stays far below the client's message limit, and 10,000 pods take two round trips, not twenty.
    const items: T[] = [];
    let { startAfter, revision } = options;
    let limit = FIRST_PAGE;
    for (;;) {
      const page = await this.page(prefix, startAfter, limit, revision);
      for (const kv of page.kvs) items.push(this.decodeListed<T>(kv));
      revision = page.revision;
      if (!page.more || page.kvs.length === 0) return { items, revision, more: false };
      startAfter = page.kvs.at(-1)!.key.toString().slice(this.root.length);
      const bytes = page.kvs.reduce((sum, kv) => sum + kv.key.length + kv.value.length, 0);
      limit = Math.max(1, Math.min(MAX_PAGE, limit * 4, Math.floor(PAGE_BYTES / Math.max(1, bytes / page.kvs.length))));
    }
  }

  private async page(prefix: string, startAfter: string | undefined, limit: number, revision: number | undefined) {
    const from = this.k(prefix);
    const after = startAfter === undefined ? from : Buffer.concat([this.k(startAfter), Buffer.from([0])]);
    // A startAfter below the prefix must not widen the range to its siblings.
    const key = Buffer.compare(after, from) > 0 ? after : from;
    const res = await this.range({ key, range_end: prefixEnd(from), limit, revision: revision ?? 0 });
    return { kvs: res.kvs, revision: revision || Number(res.header.revision), more: !!res.more };
  }

  async update<T extends StoredObject>(key: string, object: T, expectedRevision: number): Promise<T> {
    const value = encodeObject(object);
    checkValueSize(key, value);
    // A missing key has mod_revision 0: without the create_revision test, update(key, o, 0) would create it.
    const res = await this.txn(
      key,
      [
        { key: this.k(key), target: 'Create', result: 'Greater', create_revision: 0 },
        { key: this.k(key), target: 'Mod', result: 'Equal', mod_revision: expectedRevision },
      ],
      [{ request_put: { key: this.k(key), value: Buffer.from(value) } }],
      [{ request_range: { key: this.k(key) } }],
    );
    if (!res.succeeded) this.failCompare(key, expectedRevision, res.responses[0]);
    return decodeObject<T>(value, Number(res.header.revision));
  }

  async delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<T> {
    const compare: ICompare[] =
      expectedRevision === undefined ? [] : [{ key: this.k(key), target: 'Mod', result: 'Equal', mod_revision: expectedRevision }];
    const res = await this.txn(
      key,
      compare,
      [{ request_delete_range: { key: this.k(key), prev_kv: true } }],
      [{ request_range: { key: this.k(key) } }],
    );
    if (!res.succeeded) this.failCompare(key, expectedRevision!, res.responses[0]);
    // prev_kv is what this very delete removed, even when another writer got in just before it.
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw expectedError(() => new KeyNotFoundError(key));
    return decodeObject<T>(prev.value.toString(), Number(res.header.revision));
  }

  /** From the shared watch when it reaches back to `afterRevision`, else straight from etcd. */
  watch<T extends StoredObject>(prefix: string, afterRevision: number): Observable<StoreEvent<T>> {
    if (this.closed) return EMPTY;
    return defer(
      () =>
        this.shared.watch<T>(prefix, afterRevision) ??
        watchPrefix<T>(this.client, this.root, prefix, afterRevision, (cancelled) => this.trackCancel(cancelled)),
    ).pipe(takeUntil(this.closing));
  }

  /** close() waits for these. A cancel that fails (the stream or connection already gone) leaves nothing open: routine, so debug. */
  private trackCancel(cancelled: Promise<void>): void {
    const settled = cancelled.catch((err: unknown) => this.log.debug('cannot cancel an etcd watch', { err }));
    this.cancellations.add(settled);
    void settled.then(() => this.cancellations.delete(settled));
  }

  async currentRevision(): Promise<number> {
    const res = await this.range({ key: this.k('/'), limit: 1, count_only: true });
    return Number(res.header.revision);
  }

  async compact(revision: number): Promise<void> {
    await this.client.kv.compact({ revision, physical: false }, { deadline: Date.now() + this.timeoutMs }).catch((err: unknown) => {
      // Compacting to a revision that is already compacted is not an error for us.
      if (!/compacted/.test(String((err as Error).message))) throw toStoreError(err);
    });
    this.shared.compact(revision);
  }

  /** Completes every watch and waits (bounded) for etcd to drop the watchers before disconnecting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    this.shared.close();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeoutMs)));
    await Promise.race([Promise.all(this.cancellations), timeout]);
    clearTimeout(timer);
    this.client.close();
  }

  private k(key: string): Buffer {
    return Buffer.from(this.root + key);
  }

  private decode<T extends StoredObject>(kv: IKeyValue): T {
    return decodeObject<T>(kv.value.toString(), Number(kv.mod_revision));
  }

  /** Lists feed informers, which keep what they get. */
  private decodeListed<T extends StoredObject>(kv: IKeyValue): T {
    return decodeKept<T>(kv.value.toString(), Number(kv.mod_revision), () => kv.key.toString().slice(this.root.length));
  }

  private failCompare(key: string, expected: number, op: IResponseOp | undefined): never {
    const kv = op?.response_range?.kvs[0];
    if (!kv) throw expectedError(() => new KeyNotFoundError(key));
    throw expectedError(() => new RevisionConflictError(key, expected, Number(kv.mod_revision)));
  }

  private range(req: IRangeRequest): Promise<IRangeResponse> {
    return this.client.kv.range(req, { deadline: Date.now() + this.timeoutMs }).catch((err: unknown) => {
      throw toStoreError(err, Number(req.revision ?? 0));
    });
  }

  /** A single-key write transaction; under load it shares an etcd round trip with others (TxnBatcher). */
  private txn(key: string, compare: ICompare[], success: IRequestOp[], failure: IRequestOp[]): Promise<ITxnResponse> {
    return this.writes.run({ key, compare, success, failure }).catch((err: unknown) => {
      throw toStoreError(err, 0, key);
    });
  }
}
