// The logger libraries code against. It is ours, not pino's, so a library depends on this
// interface only and tests can hand in silentLogger.

/** Extra fields of a record: `err` for an Error (its message and stack are kept), `key` for an object's namespace/name. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  /** Very chatty detail, off unless asked for. */
  trace(msg: string, fields?: LogFields): void;
  /** Per-object detail (a pod started, a route added). */
  debug(msg: string, fields?: LogFields): void;
  /** Lifecycle: serving, joined, stopped. */
  info(msg: string, fields?: LogFields): void;
  /** Degraded or retrying: the process carries on. */
  warn(msg: string, fields?: LogFields): void;
  /** A failure someone should look at. */
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds these fields to every record (e.g. `{ node: 'host-2' }`); a `component` field replaces the component. */
  child(fields: LogFields): Logger;
}

/** Drops everything: for tests and measurements that want no output. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
