// --data-dir: the one option every Stevedore command shares (the agent's, the control plane's,
// and the client commands' way to find them).
import * as path from 'path';
import { option } from './option-spec';
import { filePath } from './parsers';

/** $STEVEDORE_DATA_DIR, else ~/.stevedore. */
export function defaultDataDir(): string {
  return process.env.STEVEDORE_DATA_DIR ?? path.join(process.env.HOME ?? '/root', '.stevedore');
}

/** @default $STEVEDORE_DATA_DIR, else ~/.stevedore */
export const DATA_DIR_OPTION = option({
  flag: '--data-dir <dir>',
  help: 'state directory',
  parse: filePath,
  default: defaultDataDir,
  defaultHelp: '$STEVEDORE_DATA_DIR or ~/.stevedore',
});
