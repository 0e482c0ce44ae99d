// Public API of @stevedore/log: one levelled, structured logger for every process (pino underneath).

export type { LogFormat, LogLevel } from './levels';
export { LOG_FORMATS, LOG_LEVELS } from './levels';
export type { LoggingFlags } from './log-options';
export { LOGGING_OPTIONS } from './log-options';
export type { LogFields, Logger } from './logger';
export { silentLogger } from './logger';
export type { LoggingOptions } from './logging';
export { configureLogging, logger } from './logging';
