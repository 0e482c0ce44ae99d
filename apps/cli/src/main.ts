// The `stevedore` command: runs the node agent, and talks to it like the docker CLI.
import { Command } from 'commander';
import { startAgent } from '@stevedore/node-agent';
import { CliError, defaultDataDir, describeError } from './node/client';
import { registerContainerCommands } from './node/container-commands';
import { registerImageCommands } from './node/image-commands';

const collect = (v: string, prev: string[]) => [...prev, v];

async function runAgentUntilSignal(opts: { dataDir: string; insecureRegistry: string[]; cgroupParent?: string }): Promise<void> {
  const agent = await startAgent({ dataDir: opts.dataDir, insecureRegistries: opts.insecureRegistry, cgroupParent: opts.cgroupParent });
  process.stdout.write(`Stevedore node agent is up. Try:\n  stevedore node --data-dir ${opts.dataDir} images\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void agent.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function buildProgram(): Command {
  const program = new Command('stevedore').description('A Kubernetes-style container orchestrator: real images, real containers.')
    .enablePositionalOptions().configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  for (const name of ['agent', 'up']) {
    program.command(name).description(name === 'up' ? 'start Stevedore on this machine (for now: the node agent)' : 'run the node agent')
      .option('--data-dir <dir>', 'state directory', defaultDataDir())
      .option('--insecure-registry <host:port>', 'allow plain HTTP to this registry (repeatable)', collect, [])
      .option('--cgroup-parent <name>', 'parent cgroup of the containers', 'stevedore')
      .action(runAgentUntilSignal);
  }
  const node = program.command('node').description('manage images and containers on this node (like docker)')
    .option('--data-dir <dir>', 'the agent\'s state directory', defaultDataDir()).enablePositionalOptions();
  const ctx = () => node.opts<{ dataDir: string }>();
  registerImageCommands(node, ctx);
  registerContainerCommands(node, ctx);
  return program;
}

buildProgram().parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`Error: ${err instanceof CliError ? err.message : describeError(err)}\n`);
  process.exit(1);
});
