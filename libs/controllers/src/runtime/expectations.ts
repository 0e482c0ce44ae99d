// Controller expectations, as in Kubernetes: after asking for N creations or deletions, a
// controller waits until its informer has seen them before deciding again, so a stale cache
// never makes it create twice. Expectations expire, in case a write was lost.
const TTL_MS = 30_000;

interface Pending {
  adds: number;
  deletes: Set<string>;
  expires: number;
}

export class Expectations {
  private readonly pending = new Map<string, Pending>();

  expect(key: string, adds: number, deletes: string[]): void {
    this.pending.set(key, { adds, deletes: new Set(deletes), expires: Date.now() + TTL_MS });
  }

  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if ((p.adds <= 0 && p.deletes.size === 0) || Date.now() > p.expires) {
      this.pending.delete(key);
      return true;
    }
    return false;
  }

  observedAdd(key: string): void {
    const p = this.pending.get(key);
    if (p) p.adds--;
  }

  observedDelete(key: string, uid: string): void {
    this.pending.get(key)?.deletes.delete(uid);
  }

  /** A write that failed will never be observed. */
  lowerAdds(key: string, by: number): void {
    const p = this.pending.get(key);
    if (p) p.adds -= by;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
