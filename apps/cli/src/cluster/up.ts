// `stevedore up`: the all-in-one cluster. An embedded etcd (unless --etcd-endpoints), the
// control plane and a local node agent, all under one data dir; Ctrl-C stops them in order.

import { findResource, isNotFound } from '@stevedore/api';
import { CONTROL_PLANE_OPTIONS, resolveConfig, startControlPlane } from '@stevedore/control-plane';
import { logger } from '@stevedore/log';
import { nodeDnsConfig, readRegistriesConfig, startAgent, withDefaultMirror } from '@stevedore/node-agent';
import { valuesOf } from '@stevedore/options';
import { type EmbeddedRegistry, startEmbeddedRegistry } from '@stevedore/registry';
import { type SupervisedEtcd, superviseEtcd } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ensureBusyboxImage } from './busybox-image';
import type { UpOptions } from './cluster-options';
import { embeddedEtcdPkiDir, removeEtcdEndpoint, writeEtcdEndpoint } from './etcd-endpoint-file';
import { type ControlPlaneJoin, isHostAddress, otherMembers, startJoinServiceIfServing } from './join/control-plane-host';
import type { JoinService } from './join/join-service';

export interface RunningCluster {
  kubeconfigPath: string;
  url: string;
  /** HOST:PORT of the cluster's image registry, when it has one. */
  registry?: string;
  /** `stevedore agent …` arguments for each node named with --node. */
  joinCommands: { node: string; args: string[] }[];
  /** How other hosts join, when this one's etcd member serves on a host address. */
  join?: Omit<JoinService, 'close'>;
  stop(): Promise<void>;
}

const NODES = findResource('', 'nodes')!;

/** The ports `up` binds after etcd has started: etcd's own must not be one of them. */
function portsToListenOn(opts: UpOptions): number[] {
  return [opts.apiPort, opts.agentPort, opts.registryPort, opts.readOnlyPort, opts.ingressHttpPort, opts.ingressHttpsPort].filter(
    (p): p is number => typeof p === 'number',
  );
}

export async function startAllInOne(opts: UpOptions, joining?: ControlPlaneJoin): Promise<RunningCluster> {
  await fs.mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  let etcd: SupervisedEtcd | undefined;
  let endpoints = opts.etcdEndpoints;
  let etcdTls = { etcdCafile: opts.etcdCafile, etcdCertfile: opts.etcdCertfile, etcdKeyfile: opts.etcdKeyfile };
  if (!endpoints.length) {
    if (Object.values(etcdTls).some(Boolean))
      throw new Error('--etcd-cafile, --etcd-certfile and --etcd-keyfile go with --etcd-endpoints (the embedded etcd has its own)');
    const hostAddress = isHostAddress(opts.bindAddress) ? opts.bindAddress : undefined;
    etcd = await superviseEtcd(
      {
        dataDir: path.join(opts.dataDir, 'etcd'),
        pkiDir: embeddedEtcdPkiDir(opts.dataDir),
        avoidPorts: portsToListenOn(opts),
        ...(hostAddress ? { hostAddress, name: opts.nodeName } : {}),
        join: joining?.etcd,
      },
      logger('etcd'),
    );
    // Its own member first; the others keep the API serving while it restarts.
    const others = [...(joining?.etcdEndpoints ?? []), ...(hostAddress ? await otherMembers(etcd) : [])];
    endpoints = [...new Set([etcd.endpoint, ...others])];
    etcdTls = { etcdCafile: etcd.tls.caFile, etcdCertfile: etcd.tls.certFile, etcdKeyfile: etcd.tls.keyFile };
    await writeEtcdEndpoint(opts.dataDir, etcd.endpoint);
    logger('etcd').info(`etcd serving on ${etcd.endpoint}`);
  }
  const registry = await startRegistryUnlessTold(opts).catch(async (err) => {
    await etcd?.stop();
    throw err;
  });
  const registryHost = registry?.host ?? (opts.registryEndpoint ? new URL(opts.registryEndpoint).host : undefined);
  // Plain HTTP is allowed to loopback registries anyway; one on a host address must be named.
  const plainHttp = registryHost && (registry || opts.registryEndpoint?.startsWith('http:')) ? [registryHost] : [];
  const cp = await startControlPlane(
    resolveConfig({
      ...valuesOf(CONTROL_PLANE_OPTIONS, opts),
      etcdEndpoints: endpoints,
      ...etcdTls,
      advertiseAddresses: [opts.bindAddress],
    }),
  ).catch(async (err) => {
    await registry?.stop();
    await etcd?.stop();
    throw err;
  });
  const agent = await startAgent({
    dataDir: path.join(opts.dataDir, 'agent'),
    insecureRegistries: [...opts.insecureRegistries, ...plainHttp],
    // With a registry of its own, `image: busybox` is looked for there first (then on Docker Hub).
    registryHosts: registryHost
      ? withDefaultMirror(await readRegistriesConfig(opts.registriesConfig), 'docker.io', {
          host: registryHost,
          plainHttp: plainHttp.length > 0,
        })
      : await readRegistriesConfig(opts.registriesConfig),
    cgroupParent: opts.cgroupParent,
    readOnlyPort: opts.readOnlyPort,
    log: logger('agent'),
    cluster: {
      addresses: [cp.agentAddress],
      token: await cp.nodeToken(opts.nodeName),
      caCert: cp.caCert,
      nodeName: opts.nodeName,
      bridge: opts.bridge,
      hostIP: opts.nodeIp,
      maxPods: opts.maxPods,
      dns: await nodeDnsConfig(opts.resolvConf, opts.dnsUpstreams),
      minFreeDiskPercent: opts.minFreeDiskPercent,
      ingress: { httpPort: opts.ingressHttpPort, httpsPort: opts.ingressHttpsPort },
    },
  });
  const caFile = path.join(opts.dataDir, 'ca.crt');
  await fs.writeFile(caFile, cp.caCert);
  const joinCommands = await Promise.all(
    opts.node.map(async (node) => ({
      node,
      args: [
        ...['--server', cp.agentAddress, '--token', await cp.nodeToken(node), '--ca-file', caFile, '--node-name', node],
        ...plainHttp.flatMap((host) => ['--insecure-registry', host]),
      ],
    })),
  );
  await waitForReadyNode(cp.state.registry, opts.nodeName);
  if (registry) await ensureBusyboxImage(agent, registry.host, opts.dataDir, logger('registry'));
  const joinService = await startJoinServiceIfServing(opts, cp.caCert, endpoints, etcd, async (node) => ({
    nodeToken: await cp.nodeToken(node),
    // Node tokens are kept by the control plane that issued them: the worker connects to this one.
    servers: [cp.agentAddress],
    insecureRegistries: plainHttp,
  }));
  return {
    kubeconfigPath: cp.kubeconfigPath,
    url: cp.url,
    registry: registryHost,
    joinCommands,
    join: joinService,
    async stop() {
      await boundedStop('the join service', async () => joinService?.close());
      // Each part gets a bounded time: with etcd hung, the control plane's last writes would
      // otherwise wait out their own timeouts one after another (Ctrl-C took 30 s).
      await boundedStop('the node agent', () => agent.close());
      await boundedStop('the control plane', () => cp.close());
      await boundedStop('the registry', async () => registry?.stop());
      await boundedStop('etcd', async () => etcd?.stop());
      await removeEtcdEndpoint(opts.dataDir);
    },
  };
}

const STOP_STAGE_MS = 3000;

/** Runs one part's stop, moving on (with a warning) when it takes longer than STOP_STAGE_MS. */
async function boundedStop(part: string, stop: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_STAGE_MS);
  });
  const stopped = stop().catch((err: unknown) => logger('up').error(`stopping ${part} failed`, { err }));
  if ((await Promise.race([stopped, late])) === 'late')
    logger('up').warn(`${part} did not stop within ${STOP_STAGE_MS / 1000} s; going on`);
  clearTimeout(timer);
}

/** The embedded registry, unless told to run none or to use another one. */
async function startRegistryUnlessTold(opts: UpOptions): Promise<EmbeddedRegistry | undefined> {
  if (opts.noRegistry || opts.registryEndpoint) return undefined;
  const registry = await startEmbeddedRegistry({
    dataDir: path.join(opts.dataDir, 'registry'),
    address: opts.registryAddress,
    port: opts.registryPort,
    log: logger('registry'),
  });
  logger('registry').info(`image registry serving on ${registry.host}`);
  return registry;
}

/** Polls the Node: a 404 means not registered yet; another failure is retried, and named if the wait times out. */
async function waitForReadyNode(
  registry: { get(r: typeof NODES, ns: undefined, name: string): Promise<any> },
  name: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: Error | undefined;
  while (Date.now() < deadline) {
    const node = await registry.get(NODES, undefined, name).catch((err: Error) => {
      if (!isNotFound(err)) lastError = err;
      return undefined;
    });
    if (node?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node ${name} did not become Ready within 60s${lastError ? ` (last error reading it: ${lastError.message})` : ''}`);
}
