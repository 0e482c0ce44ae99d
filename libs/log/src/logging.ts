// The process-wide logger: configured once by each command, then handed out per component.
import { type DestinationStream, type Logger as Pino, pino } from 'pino';
import type { LogFormat, LogLevel } from './levels';
import type { LogFields, Logger } from './logger';
import { formatText } from './text-format';

export interface LoggingOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where records go; stderr when unset, so a command's own output on stdout stays clean. */
  destination?: NodeJS.WritableStream;
}

/** Until a command configures logging: info and above, as text, on stderr. */
let root: Pino = build({ level: 'info', format: 'text' });

/**
 * Sets the level, format and destination for every logger of the process, including those
 * handed out before. Writes are synchronous (no worker thread): a line logged just before
 * the process exits is not lost, and the idle node agent stays small.
 */
export function configureLogging(options: LoggingOptions): void {
  root = build(options);
}

/** The logger of one component (`apiserver`, `scheduler`, `replicaset-controller`, `agent`…). */
export function logger(component: string): Logger {
  return new ComponentLogger({ component });
}

function build(options: LoggingOptions): Pino {
  const destination = options.destination ?? process.stderr;
  const stream: DestinationStream =
    options.format === 'json' ? destination : { write: (json: string) => destination.write(formatText(json)) };
  // Text lines leave out pid and hostname; JSON keeps pino's usual fields.
  return pino({ level: options.level, ...(options.format === 'text' ? { base: null } : {}) }, stream);
}

type Method = 'trace' | 'debug' | 'info' | 'warn' | 'error';

class ComponentLogger implements Logger {
  /** The pino child for the root it was made from: made again after configureLogging. */
  private bound?: { root: Pino; child: Pino };

  constructor(private readonly fields: LogFields) {}

  trace(msg: string, fields?: LogFields): void {
    this.write('trace', msg, fields);
  }

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  /** One pino child per logger, with every field merged, so a replaced component is not written twice. */
  child(fields: LogFields): Logger {
    return new ComponentLogger({ ...this.fields, ...fields });
  }

  private write(method: Method, msg: string, fields: LogFields | undefined): void {
    const target = this.target();
    if (!target.isLevelEnabled(method)) return;
    if (fields) target[method](fields, msg);
    else target[method](msg);
  }

  private target(): Pino {
    if (this.bound?.root !== root) this.bound = { root, child: root.child(this.fields) };
    return this.bound.child;
  }
}
