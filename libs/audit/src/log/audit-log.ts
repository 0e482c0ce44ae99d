// The log backend: events become JSON lines in a memory buffer and a background loop writes them
// in batches. A request never waits for the disk and never fails because of it: when the buffer
// is full or a write fails, the events are dropped, counted (apiserver_audit_error_total) and
// logged, and the API carries on, as kube-apiserver's batching backend does.
import type { Logger } from '@stevedore/log';
import type { AuditEvent } from '../event/audit-event';
import type { AuditMetrics } from './audit-metrics';

/** Where the lines go: a rotating file, or stdout for `--audit-log-path -`. */
export interface LineSink {
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

export interface AuditLogOptions {
  /** Events held while the disk is slow; beyond this they are dropped (default 10000). */
  maxBuffered?: number;
  log: Logger;
  metrics: AuditMetrics;
}

const PLUGIN = { plugin: 'log' };

export class AuditLog {
  private queue: string[] = [];
  private draining?: Promise<void>;
  private dropped = 0;
  private readonly maxBuffered: number;

  constructor(
    private readonly sink: LineSink,
    private readonly opts: AuditLogOptions,
  ) {
    this.maxBuffered = opts.maxBuffered ?? 10_000;
  }

  /** Queues one event; returns at once and never throws. */
  append(event: AuditEvent): void {
    this.opts.metrics.events.inc();
    if (this.queue.length >= this.maxBuffered) return this.drop(1, 'the audit buffer is full', event.auditID);
    let line: string;
    try {
      line = `${JSON.stringify(event)}\n`;
    } catch (err) {
      return this.drop(1, `an audit event could not be serialized: ${(err as Error).message}`, event.auditID);
    }
    this.queue.push(line);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  /** Resolves once every event queued so far is written (or dropped). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.sink.close().catch((err: Error) => this.opts.log.error('closing the audit log failed', { err }));
  }

  private async drain(): Promise<void> {
    // Let the request that queued the first event finish before the first write starts.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.sink.write(Buffer.from(batch.join('')));
      } catch (err) {
        this.drop(batch.length, `writing the audit log failed: ${(err as Error).message}`);
      }
    }
  }

  /** Counts every lost event; logs the first and then one in a thousand, so a full disk cannot flood the log. */
  private drop(count: number, why: string, auditID?: string): void {
    this.opts.metrics.errors.inc(PLUGIN, count);
    const before = this.dropped;
    this.dropped += count;
    if (before === 0 || Math.floor(before / 1000) !== Math.floor(this.dropped / 1000))
      this.opts.log.error(`audit events dropped: ${why}`, { dropped: this.dropped, ...(auditID ? { auditID } : {}) });
  }
}

/** `--audit-log-path -`: the lines go to the process's standard output. */
export const STDOUT_SINK: LineSink = {
  write: (data) =>
    new Promise<void>((resolve, reject) => {
      process.stdout.write(data, (err) => (err ? reject(err) : resolve()));
    }),
  close: async () => undefined,
};
