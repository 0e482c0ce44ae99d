// Under load, single-key write transactions share etcd round trips: while a few transactions are
// in flight, new ones wait and go out together as one transaction whose compares are all of
// theirs. Each gRPC call costs the control plane about as much CPU as the rest of a write, and
// etcd a raft proposal. If any compare in a batch fails, etcd applies none of it, but answers
// with every key's revisions: the writes whose compares held go out again together, and the
// others alone, so every caller gets exactly the answer it would have got alone.
// Writes in one batch share a revision, as the writes of any etcd transaction do.
import type { ICompare, IKeyValue, IRequestOp, ITxnRequest, ITxnResponse } from 'etcd3';

export interface SingleTxn {
  /** The key the transaction writes: etcd refuses two writes to one key in a transaction. */
  key: string;
  compare: ICompare[];
  /** Exactly one operation. */
  success: IRequestOp[];
  failure: IRequestOp[];
}

interface Waiting {
  txn: SingleTxn;
  /** Set once it went out again after a failed batch: a second failure sends it alone. */
  retried?: boolean;
  resolve(res: ITxnResponse): void;
  reject(err: unknown): void;
}

export interface TxnBatcherOptions {
  /** Transactions sent at once before new ones start to wait and batch. */
  maxInFlight: number;
  /** etcd's default limit on operations in one transaction is 128. */
  maxBatch: number;
  /** Value bytes in one batch: etcd refuses a whole request over its size limit (1.5 MiB by default). */
  maxBatchBytes: number;
}

export class TxnBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly send: (req: ITxnRequest) => Promise<ITxnResponse>,
    private readonly options: TxnBatcherOptions = { maxInFlight: 4, maxBatch: 64, maxBatchBytes: 512 * 1024 },
  ) {}

  run(txn: SingleTxn): Promise<ITxnResponse> {
    if (this.inFlight < this.options.maxInFlight && this.waiting.length === 0) return this.alone(txn);
    return new Promise((resolve, reject) => {
      this.waiting.push({ txn, resolve, reject });
      this.flush();
    });
  }

  private alone(txn: SingleTxn): Promise<ITxnResponse> {
    this.inFlight++;
    return this.send({ compare: txn.compare, success: txn.success, failure: txn.failure }).finally(() => this.done());
  }

  private done(): void {
    this.inFlight--;
    this.flush();
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 1) {
        const [only] = batch;
        this.alone(only!.txn).then(only!.resolve, only!.reject);
      } else {
        this.inFlight++;
        void this.sendBatch(batch).finally(() => this.done());
      }
    }
  }

  /** The oldest waiting transactions, one per key (a later write to a key waits for the next batch). */
  private takeBatch(): Waiting[] {
    const keys = new Set<string>();
    const batch: Waiting[] = [];
    let bytes = 0;
    for (let i = 0; i < this.waiting.length && batch.length < this.options.maxBatch; ) {
      const w = this.waiting[i]!;
      const size = valueBytes(w.txn);
      // The first always goes, however large: alone, it gets its own answer from etcd.
      if (keys.has(w.txn.key) || (batch.length > 0 && bytes + size > this.options.maxBatchBytes)) {
        i++;
        continue;
      }
      bytes += size;
      keys.add(w.txn.key);
      batch.push(w);
      this.waiting.splice(i, 1);
    }
    return batch;
  }

  private async sendBatch(batch: Waiting[]): Promise<void> {
    let res: ITxnResponse;
    try {
      // On failure etcd runs the failure ops instead: each key's revisions, so we can tell which compares failed.
      const revisions: IRequestOp[] = batch.map((w) => ({ request_range: { key: Buffer.from(w.txn.key), keys_only: true } }));
      res = await this.send({
        compare: batch.flatMap((w) => w.txn.compare),
        success: batch.flatMap((w) => w.txn.success),
        failure: revisions,
      });
    } catch (err) {
      // A timeout leaves the whole batch's outcome unknown, as it would each write's.
      for (const w of batch) w.reject(err);
      return;
    }
    if (res.succeeded) {
      batch.forEach((w, i) => w.resolve({ ...res, responses: [res.responses[i]!] }));
      return;
    }
    const holds = batch.filter(
      (w, i) => !w.retried && w.txn.compare.every((c) => comparePasses(c, res.responses[i]?.response_range?.kvs[0])),
    );
    for (const w of batch) if (!holds.includes(w)) this.alone(w.txn).then(w.resolve, w.reject);
    // The rest may well succeed now: they wait at the front, to go out together.
    this.waiting.unshift(...holds.map((w) => ({ ...w, retried: true })));
  }
}

function valueBytes(txn: SingleTxn): number {
  return txn.success.reduce((sum, op) => sum + (op.request_put?.value?.length ?? 0), 0);
}

/** Whether a revision compare holds for a key as etcd last showed it (undefined: the key is absent). */
export function comparePasses(compare: ICompare, kv: IKeyValue | undefined): boolean {
  if (compare.target !== 'Create' && compare.target !== 'Mod' && compare.target !== 'Version') return false;
  const actual = Number(
    compare.target === 'Create' ? (kv?.create_revision ?? 0) : compare.target === 'Mod' ? (kv?.mod_revision ?? 0) : (kv?.version ?? 0),
  );
  const wanted = Number(
    compare.target === 'Create' ? compare.create_revision : compare.target === 'Mod' ? compare.mod_revision : compare.version,
  );
  switch (compare.result) {
    case 'Equal':
      return actual === wanted;
    case 'Greater':
      return actual > wanted;
    case 'Less':
      return actual < wanted;
    case 'NotEqual':
      return actual !== wanted;
    default:
      return false;
  }
}
