// Public API of @stevedore/options: command-line options declared once, in typed tables.

export { addOptions, readOptions } from './commander-options';
export { DATA_DIR_OPTION, defaultDataDir } from './data-dir';
export type { OptionSpec, OptionTable, OptionValues, Parser } from './option-spec';
export { flag, flagName, OptionError, option, optional, repeatable, required, withHelp } from './option-spec';
export {
  cidr,
  dnsSubdomain,
  filePath,
  hostPort,
  integer,
  interfaceName,
  ipAddress,
  listenPort,
  nonEmpty,
  oneOf,
  port,
  positiveInteger,
  seconds,
  simpleName,
  urlList,
} from './parsers';
export { defaultsOf, resolveOptions, valuesOf } from './resolve';
