import type { ICompare, IRequestOp, ITxnRequest, ITxnResponse } from 'etcd3';
import { type SingleTxn, TxnBatcher } from './txn-batcher';

/** A tiny etcd: keys with mod revisions; a transaction applies all its puts or none. */
function fakeEtcd() {
  const revisions = new Map<string, number>();
  let revision = 1;
  const sent: ITxnRequest[] = [];
  const gates: (() => void)[] = [];
  const holds = { on: false };
  const holds$ = () => (holds.on ? new Promise<void>((resolve) => gates.push(resolve)) : Promise.resolve());
  const passes = (c: ICompare) => (revisions.get(String(c.key)) ?? 0) === Number(c.mod_revision ?? 0);
  const send = async (req: ITxnRequest): Promise<ITxnResponse> => {
    sent.push(req);
    await holds$();
    const succeeded = (req.compare ?? []).every(passes);
    if (succeeded) {
      revision++;
      for (const op of req.success ?? []) revisions.set(String(op.request_put!.key), revision);
    }
    const answer = (op: IRequestOp) => {
      if (op.request_put) return { response_put: {} };
      const key = String(op.request_range!.key);
      return { response_range: { kvs: revisions.has(key) ? [{ key, mod_revision: String(revisions.get(key)) }] : [] } };
    };
    const ops = succeeded ? (req.success ?? []) : (req.failure ?? []);
    return { header: { revision: String(revision) }, succeeded, responses: ops.map(answer) } as unknown as ITxnResponse;
  };
  return {
    send,
    sent,
    revisions,
    hold: () => (holds.on = true),
    release: () => {
      holds.on = false;
      gates.splice(0).forEach((g) => g());
    },
  };
}

const put = (key: string, expected = 0, value = 'v'): SingleTxn => ({
  key,
  compare: [{ key: Buffer.from(key), target: 'Mod', result: 'Equal', mod_revision: expected }],
  success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(value) } }],
  failure: [],
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TxnBatcher', () => {
  it('sends each write alone while few are in flight', async () => {
    const etcd = fakeEtcd();
    const batcher = new TxnBatcher(etcd.send, { maxInFlight: 2, maxBatch: 10, maxBatchBytes: 1 << 20 });
    await Promise.all([batcher.run(put('a')), batcher.run(put('b'))]);
    expect(etcd.sent.map((r) => r.success!.length)).toEqual([1, 1]);
  });

  it('batches the writes that wait, and gives each caller its own response at the shared revision', async () => {
    const etcd = fakeEtcd();
    const batcher = new TxnBatcher(etcd.send, { maxInFlight: 1, maxBatch: 10, maxBatchBytes: 1 << 20 });
    etcd.hold();
    const first = batcher.run(put('a'));
    const rest = ['b', 'c', 'd'].map((k) => batcher.run(put(k)));
    await tick();
    etcd.release();
    const answers = await Promise.all([first, ...rest]);
    expect(etcd.sent.map((r) => r.success!.length)).toEqual([1, 3]);
    expect(answers.every((a) => a.succeeded && a.responses.length === 1)).toBe(true);
    expect(answers.slice(1).map((a) => a.header.revision)).toEqual(['3', '3', '3']);
    expect([...etcd.revisions.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it("keeps a batch's values under the byte budget, sending a large write in a batch of its own", async () => {
    const etcd = fakeEtcd();
    const batcher = new TxnBatcher(etcd.send, { maxInFlight: 1, maxBatch: 10, maxBatchBytes: 100 });
    etcd.hold();
    const first = batcher.run(put('a'));
    const rest = [put('b', 0, 'x'.repeat(60)), put('c', 0, 'x'.repeat(60)), put('d', 0, 'x'.repeat(150)), put('e', 0, 'x'.repeat(30))];
    const answers = rest.map((t) => batcher.run(t));
    await tick();
    etcd.release();
    for (let i = 0; i < 5 && etcd.sent.length < 4; i++) {
      await tick();
      etcd.release();
    }
    await Promise.all([first, ...answers]);
    // b and e fit together (90 bytes); c would pass the budget; d alone is over it.
    expect(etcd.sent.map((r) => r.success!.map((op) => String(op.request_put!.key)).join(''))).toEqual(['a', 'be', 'c', 'd']);
  });

  it('never puts two writes to one key in a batch', async () => {
    const etcd = fakeEtcd();
    const batcher = new TxnBatcher(etcd.send, { maxInFlight: 1, maxBatch: 10, maxBatchBytes: 1 << 20 });
    etcd.hold();
    const first = batcher.run(put('x'));
    const again = batcher.run(put('a'));
    const twice = batcher.run(put('a', 99));
    await tick();
    etcd.release();
    await Promise.all([first, again, twice]);
    expect(etcd.sent.map((r) => r.success!.map((op) => String(op.request_put!.key)))).toEqual([['x'], ['a'], ['a']]);
  });

  it('after a failed batch, sends the stale writes alone and the others together again', async () => {
    const etcd = fakeEtcd();
    const batcher = new TxnBatcher(etcd.send, { maxInFlight: 1, maxBatch: 10, maxBatchBytes: 1 << 20 });
    etcd.hold();
    const first = batcher.run(put('x'));
    const good = ['a', 'b', 'c'].map((k) => batcher.run(put(k)));
    const stale = batcher.run(put('d', 42));
    await tick();
    etcd.release();
    const answers = await Promise.all([first, ...good, stale]);
    expect(answers.map((a) => a.succeeded)).toEqual([true, true, true, true, false]);
    expect(etcd.sent.map((r) => r.success!.map((op) => String(op.request_put!.key)).join(''))).toEqual(['x', 'abcd', 'd', 'abc']);
  });

  it('with one stale write of two, only that one fails', async () => {
    const etcd = fakeEtcd();
    const batcher = new TxnBatcher(etcd.send, { maxInFlight: 1, maxBatch: 10, maxBatchBytes: 1 << 20 });
    etcd.hold();
    const first = batcher.run(put('x'));
    const good = batcher.run(put('a'));
    const stale = batcher.run(put('b', 42));
    await tick();
    etcd.release();
    const [, a, b] = await Promise.all([first, good, stale]);
    expect(a.succeeded).toBe(true);
    expect(b.succeeded).toBe(false);
    expect(etcd.revisions.has('a')).toBe(true);
    expect(etcd.revisions.has('b')).toBe(false);
    expect(etcd.sent.map((r) => r.success!.length)).toEqual([1, 2, 1, 1]);
  });

  it('fails every write of a batch whose call failed (its outcome is unknown)', async () => {
    let calls = 0;
    let open: () => void = () => undefined;
    const send = (req: ITxnRequest) => {
      calls++;
      if (calls === 1)
        return new Promise<ITxnResponse>(
          (resolve) => (open = () => resolve({ header: { revision: '2' }, succeeded: true, responses: [{}] } as unknown as ITxnResponse)),
        );
      return Promise.reject(new Error(`deadline exceeded (${req.success!.length} ops)`));
    };
    const batcher = new TxnBatcher(send, { maxInFlight: 1, maxBatch: 10, maxBatchBytes: 1 << 20 });
    const first = batcher.run(put('x'));
    const waiting = [batcher.run(put('a')), batcher.run(put('b'))].map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    await tick();
    open();
    await first;
    expect(await Promise.all(waiting)).toEqual(['deadline exceeded (2 ops)', 'deadline exceeded (2 ops)']);
  });
});
