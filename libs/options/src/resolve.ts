// From the texts given for each flag to a table's typed values.
import type { OptionSpec, OptionTable, OptionValues } from './option-spec';

/** Every option's value; throws OptionError for the first one given a value it cannot take. */
export function resolveOptions<Table extends OptionTable>(
  table: Table,
  given: (spec: OptionSpec<unknown>) => readonly string[],
): OptionValues<Table> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) values[key] = spec.resolve(given(spec));
  return values as OptionValues<Table>;
}

/** The values when no flag is given: a configuration built in code starts from these. */
export function defaultsOf<Table extends OptionTable>(table: Table): OptionValues<Table> {
  return resolveOptions(table, () => []);
}

/** One table's values out of a command's wider set (the control plane's out of `stevedore up`'s). */
export function valuesOf<Table extends OptionTable>(table: Table, values: OptionValues<Table>): OptionValues<Table> {
  return Object.fromEntries(Object.keys(table).map((key) => [key, values[key]])) as OptionValues<Table>;
}
