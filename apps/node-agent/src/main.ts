// Entry point of the node agent as its own process, with the flags of `stevedore agent`:
// `node dist/apps/node-agent/src/main.js --data-dir DIR [--server HOST:PORT --token T --ca-file F]`.

import { configureLogging, LOGGING_OPTIONS, logger } from '@stevedore/log';
import { addOptions, readOptions } from '@stevedore/options';
import { Command } from 'commander';
import { agentConfig } from './agent-config';
import { AGENT_OPTIONS } from './options';
import { startAgent } from './run-agent';

async function main(): Promise<void> {
  const command = addOptions(addOptions(new Command('node-agent'), AGENT_OPTIONS), LOGGING_OPTIONS).parse();
  configureLogging(readOptions(command, LOGGING_OPTIONS));
  const agent = await startAgent({ ...(await agentConfig(readOptions(command, AGENT_OPTIONS))), log: logger('agent') });
  const stop = () =>
    void agent.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger('agent').error('error while stopping', { err });
        process.exit(1);
      },
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`Error: ${err.message}\n`);
  process.exit(1);
});
