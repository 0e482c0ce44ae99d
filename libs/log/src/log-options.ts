// --log-level and --log-format, which every command takes.
import { type OptionValues, oneOf, option } from '@stevedore/options';
import { LOG_FORMATS, LOG_LEVELS } from './levels';

export const LOGGING_OPTIONS = {
  /** @default info */
  level: option({
    flag: '--log-level <level>',
    help: `least severe records logged: ${LOG_LEVELS.join(', ')}`,
    parse: oneOf(LOG_LEVELS),
    default: 'info',
  }),
  /** @default text */
  format: option({
    flag: '--log-format <format>',
    help: 'text (one line per record) or json (NDJSON)',
    parse: oneOf(LOG_FORMATS),
    default: 'text',
  }),
};

export type LoggingFlags = OptionValues<typeof LOGGING_OPTIONS>;
