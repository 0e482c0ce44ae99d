// A command-line option declared once: its flag, help, default and how its text becomes a
// value. Components list theirs in a table (an object of specs); commands build their flags
// and their resolved configuration from that one table.

/** Turns the text given for a flag into a value, or throws an Error saying why not ("x is not a port"). */
export type Parser<T> = (text: string) => T;

export interface OptionSpec<T> {
  /** The long flag and its value placeholder, e.g. `--api-port <port>`. */
  readonly flag: string;
  /** One line for `--help`; the default is added after it. */
  readonly help: string;
  /** What `--help` says the default is (unset: none shown). */
  readonly defaultHelp?: string;
  /** May be given several times; the value is then the list of every one given. */
  readonly repeatable: boolean;
  /** Commands refuse to run without it. */
  readonly required: boolean;
  /** The value from the texts given on the command line (none when the flag is absent). */
  readonly resolve: (given: readonly string[]) => T;
}

/** A component's options, keyed by the configuration field each one sets. */
export type OptionTable = Record<string, OptionSpec<unknown>>;

/** The resolved values of a table, typed field by field. */
export type OptionValues<Table extends OptionTable> = { [K in keyof Table]: Table[K] extends OptionSpec<infer T> ? T : never };

/** A flag given a value it cannot take, or not given when it must be; the message names the flag. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** `--api-port` from `--api-port <port>`. */
export function flagName(spec: Pick<OptionSpec<unknown>, 'flag'>): string {
  return spec.flag.split(/[\s,]+/).find((part) => part.startsWith('--')) ?? spec.flag;
}

interface Declared<T> {
  flag: string;
  help: string;
  parse: Parser<T>;
}

/** Given at most once (the last one counts when repeated); `fallback` when absent, computed then if a function. */
export function option<T>(spec: Declared<T> & { default: NoInfer<T> | (() => NoInfer<T>); defaultHelp?: string }): OptionSpec<T> {
  const fallback = spec.default;
  return {
    flag: spec.flag,
    help: spec.help,
    repeatable: false,
    required: false,
    defaultHelp: spec.defaultHelp ?? (typeof fallback === 'function' ? undefined : describe(fallback)),
    resolve: (given) =>
      given.length ? parseWith(spec, given[given.length - 1]!) : typeof fallback === 'function' ? (fallback as () => T)() : fallback,
  };
}

/** Given at most once; undefined when absent. */
export function optional<T>(spec: Declared<T>): OptionSpec<T | undefined> {
  return {
    flag: spec.flag,
    help: spec.help,
    repeatable: false,
    required: false,
    resolve: (given) => (given.length ? parseWith(spec, given[given.length - 1]!) : undefined),
  };
}

/** May be given several times; every value in order, none when absent. */
export function repeatable<T>(spec: Declared<T>): OptionSpec<T[]> {
  return {
    flag: spec.flag,
    help: `${spec.help} (repeatable)`,
    repeatable: true,
    required: false,
    resolve: (given) => given.map((text) => parseWith(spec, text)),
  };
}

/**
 * A flag without a value: true when given. For a `--no-X` flag commander records false when it
 * is given (and true otherwise); for a plain `--X`, true when given.
 */
export function flag(spec: { flag: string; help: string }): OptionSpec<boolean> {
  const negated = spec.flag.startsWith('--no-');
  return {
    flag: spec.flag,
    help: spec.help,
    repeatable: false,
    required: false,
    resolve: (given) => given.includes(negated ? 'false' : 'true'),
  };
}

/** The same option, refused when absent (e.g. `--etcd-endpoints` for a control plane without an embedded etcd). */
export function required<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return {
    ...spec,
    required: true,
    defaultHelp: undefined,
    resolve: (given) => {
      if (!given.length) throw new OptionError(`${flagName(spec)}: required`);
      return spec.resolve(given);
    },
  };
}

/** The same option with other help, for a command where it means something narrower. */
export function withHelp<T>(spec: OptionSpec<T>, help: string, defaultHelp = spec.defaultHelp): OptionSpec<T> {
  return { ...spec, help, defaultHelp };
}

function parseWith<T>(spec: Declared<T>, text: string): T {
  try {
    return spec.parse(text);
  } catch (err) {
    throw new OptionError(`${flagName(spec)}: ${(err as Error).message}`);
  }
}

function describe(value: unknown): string | undefined {
  if (value === undefined || (Array.isArray(value) && !value.length)) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}
