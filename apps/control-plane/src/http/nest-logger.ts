// NestJS's own messages (startup, unhandled errors) go through our logger, not its console one.
import type { LoggerService } from '@nestjs/common';
import type { LogFields, Logger } from '@stevedore/log';

export class NestLogger implements LoggerService {
  constructor(private readonly target: Logger) {}

  /** Nest's `log` level is its start-up chatter (modules loaded, routes mapped). */
  log(message: unknown, ...params: unknown[]): void {
    this.target.debug(...record(message, params));
  }

  error(message: unknown, ...params: unknown[]): void {
    this.target.error(...record(message, params));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.target.warn(...record(message, params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.target.debug(...record(message, params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.target.trace(...record(message, params));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.target.error(...record(message, params));
  }
}

/** Nest passes (message, [stack,] context): the context names the Nest class, a stack comes with errors. */
function record(message: unknown, params: unknown[]): [string, LogFields] {
  const strings = params.filter((p): p is string => typeof p === 'string');
  const context = strings.length ? strings[strings.length - 1] : undefined;
  const stack = strings.length > 1 ? strings[0] : undefined;
  if (message instanceof Error) return [message.message, { context, err: message }];
  return [typeof message === 'string' ? message : JSON.stringify(message), { context, stack }];
}
