// Public API of @stevedore/log: one levelled, structured logger for every process (pino underneath).
export { LOG_LEVELS, LOG_FORMATS } from './levels';
export type { LogLevel, LogFormat } from './levels';
export { silentLogger } from './logger';
export type { Logger, LogFields } from './logger';
export { configureLogging, logger } from './logging';
export type { LoggingOptions } from './logging';
export { LOGGING_OPTIONS } from './log-options';
export type { LoggingFlags } from './log-options';
