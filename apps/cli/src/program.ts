// The `stevedore` command: runs the cluster's parts, talks to the API like kubectl and to the
// node agent like the docker CLI. Every command takes --log-level and --log-format, and logging
// is configured from them before its action runs.

import { configureLogging, LOGGING_OPTIONS } from '@stevedore/log';
import { addOptions, DATA_DIR_OPTION, readOptions, withHelp } from '@stevedore/options';
import { Command } from 'commander';
import { registerClusterCommands } from './cluster/commands';
import { registerEtcdCommands } from './cluster/etcd-snapshot-commands';
import { registerKubeconfigCommand } from './cluster/kubeconfig-command';
import { registerKubeCommands } from './kube/kube-commands';
import { registerSecretsCommand } from './kube/secrets-command';
import { registerBuildCommand } from './node/build-command';
import { registerContainerCommands } from './node/container-commands';
import { registerImageCommands } from './node/image-commands';

export function buildProgram(): Command {
  const program = new Command('stevedore')
    .description('A Kubernetes-style container orchestrator: real images, real containers.')
    .enablePositionalOptions()
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  registerClusterCommands(program);
  registerEtcdCommands(program);
  registerKubeCommands(program);
  registerKubeconfigCommand(program);
  registerSecretsCommand(program);
  const nodeOptions = { dataDir: withHelp(DATA_DIR_OPTION, "the agent's state directory") };
  const node = addOptions(
    program.command('node').description('manage images and containers on this node (like docker)'),
    nodeOptions,
  ).enablePositionalOptions();
  const ctx = () => readOptions(node, nodeOptions);
  registerImageCommands(node, ctx);
  registerContainerCommands(node, ctx);
  registerBuildCommand(node, ctx);
  for (const command of leaves(program)) addOptions(command, LOGGING_OPTIONS);
  program.hook('preAction', (_program, action) => configureLogging(readOptions(action, LOGGING_OPTIONS)));
  return program;
}

/** The commands that run something (not the groups above them, like `node`). */
function leaves(command: Command): Command[] {
  return command.commands.length ? command.commands.flatMap(leaves) : [command];
}
