// The audit counters, with kube-apiserver's names so its dashboards and alerts apply.
import { Counter, type Registry } from '@stevedore/metrics';

export class AuditMetrics {
  /** Events handed to the log (written or not). */
  readonly events: Counter;
  /** Events lost: the buffer was full or the file could not be written. */
  readonly errors: Counter<'plugin'>;
  /** Requests by the level the policy gave them. */
  readonly levels: Counter<'level'>;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'apiserver_audit_event_total',
      help: 'Audit events generated and sent to the audit log.',
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'apiserver_audit_error_total',
      help: 'Audit events that could not be written (buffer full or write error), by plugin.',
      labelNames: ['plugin'],
      registers: [registry],
    });
    this.levels = new Counter({
      name: 'apiserver_audit_level_total',
      help: 'Requests by audit policy level.',
      labelNames: ['level'],
      registers: [registry],
    });
  }
}
