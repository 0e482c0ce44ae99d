// The loop around decideElection: every retry period it reads its Lease, decides, and writes
// (compare-and-swap on the Lease's resourceVersion). While it leads, a watchdog ends the term
// the moment the renew deadline passes without a renewal, so the singletons stop before the
// lease (longer than the deadline) can expire for the other candidates.
import { isNotFound, type Lease, leases } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { Logger } from '@stevedore/log';
import { decideElection, type LeaseSpec, microTime, withinRenewDeadline } from './lease-decision';

/** One stretch of leadership; `isCurrent` is false for good once it ends. */
export interface LeadershipTerm {
  readonly identity: string;
  isCurrent(): boolean;
}

export interface LeaderElectorOptions {
  /** Lease reads and writes are not fenced: they are how leadership is decided. */
  registry: ObjectRegistry;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  log: Logger;
  /** Starts the singletons for a term; the returned stop is called when the term ends. */
  lead(term: LeadershipTerm): { stop(): void };
  now?: () => number;
}

export class LeaderElector {
  private lastRenewMs?: number;
  private observed?: { version: string; atMs: number };
  private term?: { id: number; running: { stop(): void } };
  private terms = 0;
  private lastHolder?: string;
  private timer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly options: LeaderElectorOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log.child({ lease: `${options.namespace}/${options.name}` });
  }

  get isLeader(): boolean {
    return this.term !== undefined && withinRenewDeadline(this.lastRenewMs, this.now(), this.options.renewDeadlineMs);
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops the singletons, then releases the lease (holder emptied) so another candidate need not wait for it to expire. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    const wasLeading = this.term !== undefined;
    this.endTerm('shutting down');
    if (wasLeading) await this.release();
  }

  /** One read-decide-write round; exported for tests that drive the clock. */
  async tick(): Promise<void> {
    const startedMs = this.now();
    const lease = await this.read();
    if (lease === null) return;
    const version = lease?.metadata.resourceVersion ?? '';
    if (this.observed?.version !== version) this.observed = { version, atMs: startedMs };
    const decision = decideElection({
      identity: this.options.identity,
      nowMs: startedMs,
      lease: lease && { spec: (lease.spec ?? {}) as LeaseSpec, observedAtMs: this.observed.atMs },
      lastRenewMs: this.term ? this.lastRenewMs : undefined,
      leaseDurationSeconds: this.options.leaseDurationSeconds,
      renewDeadlineMs: this.options.renewDeadlineMs,
    });
    if (decision.action === 'lost') return this.endTerm(decision.reason);
    if (decision.action === 'wait') {
      if (this.lastHolder !== decision.holder) this.log.info(`lease held by ${decision.holder}; waiting`);
      this.lastHolder = decision.holder;
      return;
    }
    if (!(await this.write(lease, decision.spec, decision.action === 'acquire' && decision.create))) return;
    // A write that took longer than the deadline proves nothing about now.
    if (!withinRenewDeadline(startedMs, this.now(), this.options.renewDeadlineMs)) return;
    this.lastRenewMs = startedMs;
    this.lastHolder = this.options.identity;
    if (!this.term) this.beginTerm();
    this.armWatchdog(startedMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.tick().catch((err) => this.log.error('leader election round failed', { err }));
      void this.round.then(() => this.schedule(this.nextDelay()));
    }, delayMs);
    this.timer.unref();
  }

  /** Candidates spread their retries (client-go's jitter factor 1.2); a leader renews every period. */
  private nextDelay(): number {
    const period = this.options.retryPeriodMs;
    return this.term ? period : period * (1 + Math.random() * 0.2);
  }

  /** The lease, undefined when absent, null when it could not be read (the round is skipped). */
  private async read(): Promise<Lease | undefined | null> {
    try {
      return await this.options.registry.get(leases, this.options.namespace, this.options.name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      this.log.warn('cannot read the lease', { err });
      return null;
    }
  }

  private async write(current: Lease | undefined, spec: LeaseSpec, create: boolean): Promise<boolean> {
    const { registry, namespace, name } = this.options;
    try {
      if (create) await registry.create(leases, namespace, { metadata: { name, namespace }, spec });
      else await registry.update(leases, namespace, name, { ...current, spec });
      return true;
    } catch (err) {
      // A conflict means another candidate wrote first: the next round reads who.
      this.log.warn('cannot write the lease', { err });
      return false;
    }
  }

  private beginTerm(): void {
    const id = ++this.terms;
    const term: LeadershipTerm = {
      identity: this.options.identity,
      isCurrent: () => this.term?.id === id && this.isLeader,
    };
    this.log.info(`${this.options.identity} became leader`);
    this.term = { id, running: { stop() {} } };
    this.term.running = this.options.lead(term);
  }

  private endTerm(reason: string): void {
    clearTimeout(this.watchdog);
    const term = this.term;
    this.term = undefined;
    this.lastRenewMs = undefined;
    if (!term) return;
    this.log.warn(`${this.options.identity} stopped leading: ${reason}`);
    try {
      term.running.stop();
    } catch (err) {
      this.log.error('stopping the singletons failed', { err });
    }
  }

  private armWatchdog(renewedMs: number): void {
    clearTimeout(this.watchdog);
    const deadline = renewedMs + this.options.renewDeadlineMs;
    this.watchdog = setTimeout(
      () => {
        if (this.lastRenewMs === renewedMs) this.endTerm(`no renewal within the renew deadline (${this.options.renewDeadlineMs} ms)`);
      },
      Math.max(0, deadline - this.now()),
    );
    this.watchdog.unref();
  }

  private async release(): Promise<void> {
    const lease = await this.read();
    if (!lease || lease.spec?.holderIdentity !== this.options.identity) return;
    const now = microTime(this.now());
    const spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now };
    if (await this.write(lease, spec, false)) this.log.info('released the lease');
  }
}
