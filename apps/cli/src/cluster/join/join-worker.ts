// A worker joining with `stevedore join` (no --control-plane): the CA pinned by its hash, a node
// token fetched with the worker join token, then the agent `stevedore agent --server …` would
// run, its data in --data-dir (so `stevedore down --data-dir` finds it).
import type { AgentConfig } from '@stevedore/node-agent';
import { agentConfig } from '@stevedore/node-agent';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { UpOptions } from '../cluster-options';
import { discoverClusterCa, fetchWorkerCredentials } from './join-client';
import type { JoinInfo } from './join-service';

export async function joinWorker(opts: UpOptions, join: JoinInfo): Promise<AgentConfig> {
  const caCert = await discoverClusterCa(join.server, join.caCertHash);
  const worker = await fetchWorkerCredentials(join.server, caCert, join.token, opts.nodeName);
  await fs.mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const caFile = path.join(opts.dataDir, 'ca.crt');
  await fs.writeFile(caFile, caCert);
  return agentConfig({
    dataDir: opts.dataDir,
    insecureRegistries: [...opts.insecureRegistries, ...worker.insecureRegistries],
    registriesConfig: opts.registriesConfig,
    cgroupParent: opts.cgroupParent,
    server: [worker.servers],
    token: worker.nodeToken,
    caFile,
    nodeName: opts.nodeName,
    nodeIp: opts.nodeIp,
    bridge: opts.bridge,
    resolvConf: opts.resolvConf,
    dnsUpstreams: opts.dnsUpstreams,
    readOnlyPort: opts.readOnlyPort,
    ingressHttpPort: opts.ingressHttpPort,
    ingressHttpsPort: opts.ingressHttpsPort,
    maxPods: opts.maxPods,
    minFreeDiskPercent: opts.minFreeDiskPercent,
  });
}
