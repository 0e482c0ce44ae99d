// `npm run cluster -- --nodes 3 [--control-planes 3] --data-dir DIR [--insecure-registry HOST:PORT]` brings up a
// multi-host Stevedore on this machine (hosts as network namespaces, see host-network.ts);
// `npm run cluster -- --down --data-dir DIR` takes it down again.

import { configureLogging, LOGGING_OPTIONS, logger } from '@stevedore/log';
import { addOptions, readOptions } from '@stevedore/options';
import { Command } from 'commander';
import { downCluster, upCluster } from './multihost-cluster';

const collect = (v: string, prev: string[]) => [...prev, v];

async function main(): Promise<void> {
  const program = new Command('cluster')
    .requiredOption('--data-dir <dir>', 'where the cluster keeps its state (one sub-directory per host)')
    .option('--nodes <n>', 'number of hosts', '3')
    .option('--spare-nodes <n>', 'extra join tokens for hosts added later', '0')
    .option('--control-planes <n>', 'hosts running an etcd member and a control plane (the first n)', '1')
    .option('--insecure-registry <host:port>', 'plain-HTTP registry the agents may pull from (repeatable)', collect, [])
    .option('--down', 'tear the cluster in --data-dir down');
  addOptions(program, LOGGING_OPTIONS).parse();
  configureLogging(readOptions(program, LOGGING_OPTIONS));
  const opts = program.opts();
  if (opts.down) {
    const { leftoverCgroups } = await downCluster(opts.dataDir);
    if (leftoverCgroups.length) process.stdout.write(`cgroups still busy: ${leftoverCgroups.join(', ')}\n`);
    process.stdout.write('cluster down\n');
    return;
  }
  const cluster = await upCluster({
    dataDir: opts.dataDir,
    nodes: Number(opts.nodes),
    spareNodes: Number(opts.spareNodes),
    controlPlanes: Number(opts.controlPlanes),
    insecureRegistries: opts.insecureRegistry,
    log: logger('multihost'),
  });
  process.stdout.write(
    [
      '',
      `${cluster.hosts.length} host(s) up: ${cluster.hosts.map((h) => `${h.name}=${h.ip}`).join(' ')}.`,
      `  export KUBECONFIG=${cluster.kubeconfig}`,
      '  kubectl get nodes -o wide',
      `A registry bound to 198.18.0.1 is reachable from every host. Take it down with: npm run cluster -- --down --data-dir ${opts.dataDir}`,
      '',
    ].join('\n'),
  );
}

main().catch((err: Error) => {
  process.stderr.write(`Error: ${err.message}\n`);
  process.exit(1);
});
