// `stevedore up`, `stevedore control-plane` and `stevedore agent`: the same parts, embedded
// together on one machine or run separately across hosts. Their flags come from the option
// tables of the control plane and the agent (see cluster-options.ts).

import { resolveConfig, startControlPlane } from '@stevedore/control-plane';
import { logger } from '@stevedore/log';
import { AGENT_OPTIONS, type AgentConfig, agentConfig, startAgent } from '@stevedore/node-agent';
import { addOptions, readOptions } from '@stevedore/options';
import type { Command } from 'commander';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CONTROL_PLANE_COMMAND_OPTIONS, DOWN_OPTIONS, UP_OPTIONS, type UpOptions } from './cluster-options';
import { joinInstructions, registerJoinCommands } from './join/join-command';
import { removePidFile, writePidFile } from './pid-file';
import type { RunningCluster } from './up';

/** Runs until SIGINT/SIGTERM, then stops cleanly (containers keep running). */
function untilSignal(command: string, stop: () => Promise<void>): Promise<void> {
  const log = logger(command);
  return new Promise((resolve) => {
    const handler = () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      log.info('stopping…');
      void stop().then(resolve, (err) => {
        log.error('error while stopping', { err });
        resolve();
      });
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/** Prints how to use a started `up` (or joined control plane) and how to add hosts, then runs it until a signal. */
async function serveCluster(opts: UpOptions, cluster: RunningCluster): Promise<void> {
  await writePidFile(opts.dataDir);
  for (const join of cluster.joinCommands) process.stdout.write(`join ${join.node}: stevedore agent ${join.args.join(' ')}\n`);
  if (cluster.join) process.stdout.write(joinInstructions(cluster.join));
  process.stdout.write(
    [
      '',
      `Stevedore is up. The API serves on ${cluster.url}.`,
      `  export KUBECONFIG=${cluster.kubeconfigPath}`,
      '  kubectl get nodes',
      '  kubectl apply -f examples/                                       # from the Stevedore folder',
      ...(cluster.registry
        ? [
            `  Images: the cluster's registry is ${cluster.registry}; stevedore node tag IMAGE ${cluster.registry}/NAME:TAG, then stevedore node push it`,
          ]
        : []),
      `  stevedore node --data-dir ${opts.dataDir} images                  # the node's images, like docker`,
      'Press Ctrl-C to stop (running containers keep running and are re-adopted next time).',
      '',
    ].join('\n'),
  );
  await untilSignal('up', async () => {
    await cluster.stop();
    await removePidFile(opts.dataDir);
  });
  // Everything is stopped; a client's reconnect timer left behind must not keep `up` alive.
  process.exit(0);
}

/** Runs a node agent until a signal (containers keep running). */
async function serveAgent(config: AgentConfig): Promise<void> {
  const agent = await startAgent({ ...config, log: logger('agent') });
  await writePidFile(config.dataDir);
  process.stdout.write(`Stevedore node agent is up. Try:\n  stevedore node --data-dir ${config.dataDir} images\n`);
  await untilSignal('agent', async () => {
    await agent.close();
    await removePidFile(config.dataDir);
  });
}

export function registerClusterCommands(program: Command): void {
  addOptions(
    program.command('up').description('start an all-in-one cluster on this machine: etcd, the control plane and a node agent'),
    UP_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => {
    const opts = readOptions(cmd, UP_OPTIONS);
    // The store's etcd client is loaded only by the commands that run a control plane.
    const { startAllInOne } = await import('./up');
    await serveCluster(opts, await startAllInOne(opts));
  });
  registerJoinCommands(program, { serveCluster, serveAgent });

  addOptions(
    program.command('control-plane').description('run the control plane (API, scheduler, controllers, agent gateway)'),
    CONTROL_PLANE_COMMAND_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => {
    const { node: joining, ...values } = readOptions(cmd, CONTROL_PLANE_COMMAND_OPTIONS);
    const cp = await startControlPlane(resolveConfig({ ...values, advertiseAddresses: [values.bindAddress] }));
    const caFile = path.join(values.dataDir, 'ca.crt');
    await fs.writeFile(caFile, cp.caCert);
    for (const node of joining) {
      process.stdout.write(
        `join ${node}: stevedore agent --server ${cp.agentAddress} --token ${await cp.nodeToken(node)} --ca-file ${caFile} --node-name ${node}\n`,
      );
    }
    process.stdout.write(`control plane up: API ${cp.url}, kubeconfig ${cp.kubeconfigPath}\n`);
    await untilSignal('control-plane', () => cp.close());
  });

  addOptions(
    program.command('agent').description('run the node agent (joins a cluster with --server, else manages local containers only)'),
    AGENT_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => serveAgent(await agentConfig(readOptions(cmd, AGENT_OPTIONS))));

  addOptions(
    program.command('down').description("stop this host's node and remove everything Stevedore made on the host (--purge: its data too)"),
    DOWN_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => {
    const { dataDir, purge } = readOptions(cmd, DOWN_OPTIONS);
    const { down } = await import('./down');
    const report = await down(dataDir, purge, logger('down'));
    for (const item of report.removed) process.stdout.write(`removed ${item}\n`);
    for (const failure of report.failures) process.stderr.write(`could not remove: ${failure}\n`);
    if (report.failures.length) {
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      report.removed.length ? 'Nothing of Stevedore is left on this host.\n' : 'Nothing to remove: Stevedore left nothing on this host.\n',
    );
  });
}
