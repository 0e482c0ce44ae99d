// A work queue of object keys, as Kubernetes controllers use: a key is queued at most once,
// never processed by two workers at once, and retried with exponential backoff on failure.
import { isConflict } from '@stevedore/api';
import type { Logger } from '@stevedore/log';

export type Reconcile = (key: string) => Promise<void | { requeueAfterMs: number }>;

/** Told about every finished reconcile (metrics); set by whoever owns the controller. */
export interface QueueObserver {
  reconciled(seconds: number, ok: boolean): void;
}

export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly order: string[] = [];
  private running = 0;
  private stopped = false;
  observer?: QueueObserver;

  /** `log` is told of every failed reconcile, with its key (the controller's own logger): no failure goes unseen. */
  constructor(
    private readonly reconcile: Reconcile,
    private readonly log: Logger,
    private readonly workers = 4,
  ) {}

  get depth(): number {
    return this.order.length;
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    this.pump();
  }

  addAfter(key: string, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(key);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private pump(): void {
    while (this.running < this.workers && this.order.length) {
      const key = this.order.shift()!;
      this.queued.delete(key);
      this.active.add(key);
      this.running++;
      void this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    const started = performance.now();
    try {
      const result = await this.reconcile(key);
      this.observer?.reconciled((performance.now() - started) / 1000, true);
      this.failures.delete(key);
      if (result) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      this.observer?.reconciled((performance.now() - started) / 1000, false);
      const retryInMs = Math.min(5 * 2 ** failures, 30_000);
      // A conflict only means another writer came first: routine, and the retry reads again.
      const level = isConflict(err) ? 'debug' : 'warn';
      this.log[level]('reconcile failed; retrying', { key, failures, retryInMs, err });
      this.addAfter(key, retryInMs);
    } finally {
      this.active.delete(key);
      this.running--;
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }
}
