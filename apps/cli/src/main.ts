// The `stevedore` command: runs the node agent, and talks to it like the docker CLI.
import { Command } from 'commander';
import { CliError, defaultDataDir, describeError } from './node/client';
import { registerContainerCommands } from './node/container-commands';
import { registerImageCommands } from './node/image-commands';
import { registerClusterCommands } from './cluster/commands';
import { registerKubeCommands } from './kube/kube-commands';
import { ApiError } from './kube/api-client';

export function buildProgram(): Command {
  const program = new Command('stevedore').description('A Kubernetes-style container orchestrator: real images, real containers.')
    .enablePositionalOptions().configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  registerClusterCommands(program);
  registerKubeCommands(program);
  const node = program.command('node').description('manage images and containers on this node (like docker)')
    .option('--data-dir <dir>', 'the agent\'s state directory', defaultDataDir()).enablePositionalOptions();
  const ctx = () => node.opts<{ dataDir: string }>();
  registerImageCommands(node, ctx);
  registerContainerCommands(node, ctx);
  return program;
}

buildProgram().parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ApiError) process.stderr.write(`Error from server (${err.reason || err.code}): ${err.message}\n`);
  else process.stderr.write(`Error: ${err instanceof CliError ? err.message : describeError(err)}\n`);
  process.exit(1);
});
