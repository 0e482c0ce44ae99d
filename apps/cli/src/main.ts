// Entry point of the `stevedore` command (bin/stevedore runs the built copy of this file).
import { OptionError } from '@stevedore/options';
import { ApiError } from './kube/api-client';
import { CliError, describeError } from './node/client';
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    if (err instanceof ApiError) process.stderr.write(`Error from server (${err.reason || err.code}): ${err.message}\n`);
    else if (err instanceof OptionError || err instanceof CliError) process.stderr.write(`Error: ${err.message}\n`);
    else process.stderr.write(`Error: ${describeError(err)}\n`);
    process.exit(1);
  });
