// A table's options as commander flags, and back: commander keeps the texts as given (every
// one, for a repeatable flag) and the table turns them into values, so defaults and
// validation live in the table and nowhere else.
import { type Command, Option } from 'commander';
import type { OptionSpec, OptionTable, OptionValues } from './option-spec';
import { resolveOptions } from './resolve';

/** Adds the table's flags to the command; `--help` shows each default. */
export function addOptions(command: Command, table: OptionTable): Command {
  for (const spec of Object.values(table)) {
    const option = new Option(spec.flag, spec.defaultHelp === undefined ? spec.help : `${spec.help} (default: ${spec.defaultHelp})`);
    if (spec.repeatable) option.argParser((text: string, previous: string[] | undefined) => [...(previous ?? []), text]);
    if (spec.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  return command;
}

/** The command's values for the table, validated: throws OptionError naming the first bad flag. */
export function readOptions<Table extends OptionTable>(command: Command, table: Table): OptionValues<Table> {
  return resolveOptions(table, (spec) => textsGiven(command, spec));
}

function textsGiven(command: Command, spec: OptionSpec<unknown>): string[] {
  const value: unknown = command.getOptionValue(new Option(spec.flag).attributeName());
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
