// From the agent's option values to the config startAgent takes: with --server, the cluster to
// join, whose token and CA file must then be given too.

import { OptionError } from '@stevedore/options';
import { promises as fs } from 'fs';
import { nodeDnsConfig } from './node-dns-config';
import type { AgentOptions } from './options';
import { readRegistriesConfig } from './registries-config';
import type { AgentConfig } from './run-agent';

export async function agentConfig(o: AgentOptions): Promise<AgentConfig> {
  // `--server A --server B` and `--server A,B` both give two control planes.
  const addresses = o.server.flat();
  const cluster = addresses.length
    ? {
        addresses,
        token: requiredWithServer(o.token, '--token'),
        caCert: await readCa(requiredWithServer(o.caFile, '--ca-file')),
        nodeName: o.nodeName,
        hostIP: o.nodeIp,
        bridge: o.bridge,
        maxPods: o.maxPods,
        dns: await nodeDnsConfig(o.resolvConf, o.dnsUpstreams),
        minFreeDiskPercent: o.minFreeDiskPercent,
        ingress: { httpPort: o.ingressHttpPort, httpsPort: o.ingressHttpsPort },
      }
    : undefined;
  return {
    dataDir: o.dataDir,
    insecureRegistries: o.insecureRegistries,
    registryHosts: await readRegistriesConfig(o.registriesConfig),
    cgroupParent: o.cgroupParent,
    readOnlyPort: o.readOnlyPort,
    cluster,
  };
}

function requiredWithServer(value: string | undefined, flag: string): string {
  if (!value) throw new OptionError(`${flag}: required with --server`);
  return value;
}

async function readCa(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new OptionError(`--ca-file: cannot read ${file}: ${(err as Error).message}`);
  }
}
