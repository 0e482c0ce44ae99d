// Public API of @stevedore/options: command-line options declared once, in typed tables.
export { option, optional, repeatable, required, withHelp, flagName, OptionError } from './option-spec';
export type { OptionSpec, OptionTable, OptionValues, Parser } from './option-spec';
export { resolveOptions, defaultsOf, valuesOf } from './resolve';
export { addOptions, readOptions } from './commander-options';
export {
  integer, port, listenPort, seconds, positiveInteger, ipAddress, cidr, oneOf, dnsSubdomain, hostPort, urlList, interfaceName, simpleName, nonEmpty, filePath,
} from './parsers';
export { DATA_DIR_OPTION, defaultDataDir } from './data-dir';
