// The standalone node agent: image store, container runtime, and the local gRPC socket.

import { AgentServer, ClusterAgent, defaultHostIP, NodeServices, recordFootprint } from '@stevedore/agent';
import { ImageBuilder } from '@stevedore/build';
import { type Logger, logger } from '@stevedore/log';
import { startReadOnlyMetricsServer } from '@stevedore/metrics';
import { ImageService, type RegistryHosts } from '@stevedore/oci';
import { detectLayout, RuncRuntime } from '@stevedore/runtime';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import type { NodeDnsConfig } from './node-dns-config';

/** Pods set up and started at once: a few at a time finish one by one; all of a burst at once finish together, late (bench/README.md). */
export const PARALLEL_POD_STARTS = 4;

export interface AgentConfig {
  dataDir: string;
  insecureRegistries: string[];
  /** registries.yaml: mirrors, credentials and TLS by registry. */
  registryHosts?: RegistryHosts;
  /** Parent cgroup of this agent's containers (one per agent, so agents never collide). */
  cgroupParent?: string;
  /** `agent` by default. */
  log?: Logger;
  /** With a cluster: also serve /metrics, /metrics/cadvisor and /stats/summary unauthenticated on http://127.0.0.1:PORT. */
  readOnlyPort?: number;
  /** Join a cluster: the control plane's agent gateway and this node's credentials. */
  cluster?: {
    /** Every control plane's agent gateway, host:port; the agent moves to another when its own goes away. */
    addresses: string[];
    token: string;
    caCert: string;
    nodeName: string;
    hostIP?: string;
    labels?: Record<string, string>;
    /** Host bridge for pod networking; omit for no pod network (pods get an empty namespace). */
    bridge?: string;
    backoff?: { baseMs: number; capMs: number };
    /** Pods this node takes (Kubernetes: 110). */
    maxPods?: number;
    /** Cluster DNS on this node (with a bridge): the node's resolvers. */
    dns?: NodeDnsConfig;
    /** Free space (percent) below which the node reports DiskPressure; default 10. */
    minFreeDiskPercent?: number;
    /** The built-in ingress controller's ports on hostIP (with a bridge; 0 = off); none when absent. */
    ingress?: { httpPort: number; httpsPort: number };
  };
}

export interface RunningAgent {
  socketPath: string;
  node: NodeServices;
  builder: ImageBuilder;
  cluster?: ClusterAgent;
  /** The unauthenticated metrics URL on 127.0.0.1, when configured. */
  readOnlyUrl?: string;
  close(): Promise<void>;
}

/** Only shown in the node's description: when runc cannot say, the agent still runs and says "unknown". */
async function runcVersion(log: Logger): Promise<string> {
  const { stdout } = await promisify(execFile)('runc', ['--version']).catch((err) => {
    log.warn('cannot read the runc version', { err });
    return { stdout: 'unknown' };
  });
  return stdout.split('\n')[0]?.replace(/^runc version /, '') ?? 'unknown';
}

export async function startAgent(config: AgentConfig): Promise<RunningAgent> {
  const log = config.log ?? logger('agent');
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // What `stevedore down` must find on the host besides the data dir.
  await recordFootprint(config.dataDir, {
    cgroupParent: config.cgroupParent ?? 'stevedore',
    nodeName: config.cluster?.nodeName,
    bridge: config.cluster?.bridge,
  });
  const images = await ImageService.open({
    root: path.join(config.dataDir, 'images'),
    insecureRegistries: config.insecureRegistries,
    registryHosts: config.registryHosts,
  });
  log.info(`image store at ${path.join(config.dataDir, 'images')}`);
  const runtimeLog = log.child({ component: 'runtime' });
  const runtime = await RuncRuntime.open({
    root: path.join(config.dataDir, 'containers'),
    cgroupParent: config.cgroupParent,
    log: runtimeLog,
  });
  const adopted = await runtime.list();
  runtimeLog.info(
    `runtime ready: ${adopted.filter((c) => c.state === 'running').length} running container(s) re-adopted, ${adopted.length} known`,
  );
  const node = new NodeServices(images, runtime);
  const runtimeVersion = await runcVersion(log);
  const builder = new ImageBuilder(images, runtime, { workDir: path.join(config.dataDir, 'build') });
  const server = new AgentServer(
    node,
    { version: '0.1.0', runtimeName: 'runc', runtimeVersion, cgroupLayout: await detectLayout() },
    builder,
  );
  const socketPath = path.join(config.dataDir, 'agent.sock');
  await server.listen(socketPath);
  log.info(`serving on unix:${socketPath}`);
  const cluster = config.cluster ? joinCluster(config, config.cluster, runtime, images, runtimeVersion, log) : undefined;
  const readOnly =
    cluster && config.readOnlyPort !== undefined
      ? await startReadOnlyMetricsServer('127.0.0.1', config.readOnlyPort, cluster.metrics.routes())
      : undefined;
  if (readOnly) log.info(`read-only metrics on ${readOnly.url}/metrics and /metrics/cadvisor`);
  return {
    socketPath,
    node,
    builder,
    cluster,
    readOnlyUrl: readOnly?.url,
    async close() {
      await readOnly?.close();
      cluster?.stop();
      await server.close(socketPath);
      await runtime.close();
      log.info('stopped (containers keep running)');
    },
  };
}

function joinCluster(
  config: AgentConfig,
  c: NonNullable<AgentConfig['cluster']>,
  runtime: RuncRuntime,
  images: ImageService,
  runtimeVersion: string,
  log: Logger,
): ClusterAgent {
  const cluster = new ClusterAgent(
    {
      addresses: c.addresses,
      token: c.token,
      caCert: c.caCert,
      nodeName: c.nodeName,
      hostIP: c.hostIP ?? defaultHostIP(),
      dataDir: config.dataDir,
      runtimeVersion,
      labels: c.labels,
      backoff: c.backoff,
      maxPods: c.maxPods,
      minFreeDiskPercent: c.minFreeDiskPercent,
      log,
      parallelPodStarts: PARALLEL_POD_STARTS,
      ...(c.bridge ? { podNetwork: { bridge: c.bridge }, dns: c.dns, ingress: c.ingress } : {}),
    },
    runtime,
    images,
  );
  cluster.start();
  log.info(`joining the cluster at ${c.addresses.join(', ')} as node ${c.nodeName}`);
  return cluster;
}
