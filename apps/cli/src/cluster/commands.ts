// `stevedore up`, `stevedore control-plane` and `stevedore agent`: the same parts, embedded
// together on one machine or run separately across hosts.
import { Command } from 'commander';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { logger } from '@stevedore/log';
import { startAgent } from '@stevedore/node-agent';
import { defaultDataDir } from '../node/client';
import { maxPods } from './max-pods';
import { addNodeMonitoringOptions, nodeMonitoring } from './node-monitoring';
import type { UpOptions } from './up';

// The control plane (NestJS, express, etcd client…) is loaded only by the commands that run it,
// so a node's `stevedore agent` keeps ~30 MB less resident.
const controlPlane = () => import('@stevedore/control-plane');

const collect = (v: string, prev: string[]) => [...prev, v];

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

export function registerClusterCommands(program: Command): void {
  addNodeMonitoringOptions(program.command('up').description('start an all-in-one cluster on this machine: etcd, the control plane and a node agent'))
    .option('--data-dir <dir>', 'state directory', defaultDataDir())
    .option('--bind-address <ip>', 'address the API and the agent gateway serve on', '127.0.0.1')
    .option('--api-port <port>', 'HTTPS port of the Kubernetes API', '6443')
    .option('--agent-port <port>', 'port node agents connect to', '6444')
    .option('--etcd-endpoints <urls>', 'use this etcd (comma-separated URLs) instead of starting one')
    .option('--insecure-registry <host:port>', 'allow plain HTTP to this registry (repeatable)', collect, [])
    .option('--node-name <name>', 'name of the local node (default: the hostname)')
    .option('--node-ip <ip>', 'address other nodes reach the local node by')
    .option('--node <name>', 'print a join command for another node (repeatable)', collect, [])
    .option('--cluster-cidr <cidr>', 'pod addresses of the cluster', '198.19.0.0/16')
    .option('--service-cidr <cidr>', 'cluster IPs of Services', '198.18.128.0/17')
    .option('--bridge <name>', 'host bridge for pod networking', 'stvd0')
    .option('--cgroup-parent <name>', 'parent cgroup of the containers', 'stevedore')
    .option('--read-only-metrics-port <port>', 'also serve the control plane\'s /metrics without a token on 127.0.0.1:PORT')
    .option('--read-only-port <port>', 'also serve the agent\'s /metrics and /metrics/cadvisor without a token on 127.0.0.1:PORT')
    .option('--max-pods <n>', 'pods the local node takes (default 110, as Kubernetes)')
    .action(async (opts: UpOptions) => {
      const { startAllInOne } = await import('./up');
      const cluster = await startAllInOne(opts);
      for (const join of cluster.joinCommands) process.stdout.write(`join ${join.node}: stevedore agent ${join.args.join(' ')}\n`);
      process.stdout.write([
        '', `Stevedore is up. The API serves on ${cluster.url}.`,
        `  export KUBECONFIG=${cluster.kubeconfigPath}`,
        '  kubectl get nodes',
        '  kubectl run hello --image=busybox --restart=Never -- echo hello   # any image your registry has',
        `  stevedore node --data-dir ${opts.dataDir} images                  # the node's images, like docker`,
        'Press Ctrl-C to stop (running containers keep running and are re-adopted next time).', '',
      ].join('\n'));
      await untilSignal('up', () => cluster.stop());
    });

  addNodeMonitoringOptions(program.command('control-plane').description('run the control plane (API, scheduler, controllers, agent gateway)'))
    .option('--data-dir <dir>', 'state directory', defaultDataDir())
    .option('--bind-address <ip>', 'address to serve on', '127.0.0.1')
    .option('--api-port <port>', 'HTTPS port of the Kubernetes API', '6443')
    .option('--agent-port <port>', 'port node agents connect to', '6444')
    .requiredOption('--etcd-endpoints <urls>', 'etcd client URLs, comma-separated')
    .option('--cluster-cidr <cidr>', 'pod addresses of the cluster', '198.19.0.0/16')
    .option('--service-cidr <cidr>', 'cluster IPs of Services', '198.18.128.0/17')
    .option('--node <name>', 'print a join command for this node name (repeatable)', collect, [])
    .option('--read-only-metrics-port <port>', 'also serve /metrics without a token on 127.0.0.1:PORT')
    .action(async (opts) => {
      const { resolveConfig, startControlPlane } = await controlPlane();
      const cp = await startControlPlane(resolveConfig({
        ...(opts.readOnlyMetricsPort ? { readOnlyMetricsPort: Number(opts.readOnlyMetricsPort) } : {}),
        dataDir: opts.dataDir, bindAddress: opts.bindAddress, apiPort: Number(opts.apiPort), agentPort: Number(opts.agentPort),
        etcdEndpoints: String(opts.etcdEndpoints).split(','), clusterCidr: opts.clusterCidr, serviceCidr: opts.serviceCidr, advertiseAddresses: [opts.bindAddress],
        ...nodeMonitoring(opts),
      }));
      await fs.writeFile(path.join(opts.dataDir, 'ca.crt'), cp.caCert);
      for (const node of opts.node as string[]) {
        process.stdout.write(`join ${node}: stevedore agent --server ${cp.agentAddress} --token ${await cp.nodeToken(node)} --ca-file ${path.join(opts.dataDir, 'ca.crt')} --node-name ${node}\n`);
      }
      process.stdout.write(`control plane up: API ${cp.url}, kubeconfig ${cp.kubeconfigPath}\n`);
      await untilSignal('control-plane', () => cp.close());
    });

  program.command('agent').description('run the node agent (joins a cluster with --server, else manages local containers only)')
    .option('--data-dir <dir>', 'state directory', defaultDataDir())
    .option('--insecure-registry <host:port>', 'allow plain HTTP to this registry (repeatable)', collect, [])
    .option('--cgroup-parent <name>', 'parent cgroup of the containers', 'stevedore')
    .option('--server <host:port>', 'the control plane\'s agent gateway')
    .option('--token <token>', 'this node\'s token')
    .option('--ca-file <file>', 'the cluster CA certificate')
    .option('--node-name <name>', 'node name (default: the hostname)')
    .option('--node-ip <ip>', 'address other nodes reach this one by')
    .option('--bridge <name>', 'host bridge for pod networking', 'stvd0')
    .option('--read-only-port <port>', 'with --server: also serve /metrics and /metrics/cadvisor without a token on 127.0.0.1:PORT')
    .option('--max-pods <n>', 'with --server: pods this node takes (default 110, as Kubernetes)')
    .action(async (opts) => {
      const cluster = opts.server ? {
        address: opts.server, token: requireOption(opts.token, '--token'), caCert: await fs.readFile(requireOption(opts.caFile, '--ca-file'), 'utf8'),
        nodeName: opts.nodeName ?? os.hostname().toLowerCase(), hostIP: opts.nodeIp, bridge: opts.bridge, ...maxPods(opts.maxPods),
      } : undefined;
      const agent = await startAgent({ dataDir: opts.dataDir, insecureRegistries: opts.insecureRegistry, cgroupParent: opts.cgroupParent, log: logger('agent'), cluster,
        ...(opts.readOnlyPort ? { readOnlyPort: Number(opts.readOnlyPort) } : {}) });
      process.stdout.write(`Stevedore node agent is up. Try:\n  stevedore node --data-dir ${opts.dataDir} images\n`);
      await untilSignal('agent', () => agent.close());
    });
}

function requireOption(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required with --server`);
  return value;
}
