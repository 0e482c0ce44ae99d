// The flags of `stevedore up`, `control-plane` and `down`: the control plane's and the agent's
// own tables (declared in their apps), narrowed or explained for each command, plus --node.
import { CONTROL_PLANE_OPTIONS } from '@stevedore/control-plane';
import { AGENT_OPTIONS } from '@stevedore/node-agent';
import {
  DATA_DIR_OPTION,
  dnsSubdomain,
  flag,
  ipAddress,
  listenPort,
  type OptionValues,
  option,
  optional,
  repeatable,
  required,
  withHelp,
} from '@stevedore/options';

function registryUrl(text: string): string {
  const url = new URL(text);
  if (!['http:', 'https:'].includes(url.protocol) || url.pathname.length > 1)
    throw new Error(`${text} is not a registry URL (http(s)://HOST[:PORT])`);
  return url.origin;
}

/** @default none: no join commands printed */
const JOIN_NODES = repeatable({ flag: '--node <name>', help: 'print a join command for another node', parse: dnsSubdomain });

export const CONTROL_PLANE_COMMAND_OPTIONS = {
  ...CONTROL_PLANE_OPTIONS,
  /** Required: `control-plane` starts no etcd of its own. */
  etcdEndpoints: required(CONTROL_PLANE_OPTIONS.etcdEndpoints),
  node: JOIN_NODES,
};

export const UP_OPTIONS = {
  ...CONTROL_PLANE_OPTIONS,
  /** @default none: an etcd is started, its data in DATA_DIR/etcd */
  etcdEndpoints: withHelp(
    CONTROL_PLANE_OPTIONS.etcdEndpoints,
    'use this etcd (comma-separated URLs) instead of starting one',
    'start one, its data in DATA_DIR/etcd',
  ),
  insecureRegistries: AGENT_OPTIONS.insecureRegistries,
  registriesConfig: withHelp(
    AGENT_OPTIONS.registriesConfig,
    'registries.yaml for the local node: mirrors, credentials and TLS by registry (docker.io is mirrored to the embedded registry unless it says otherwise)',
  ),
  cgroupParent: AGENT_OPTIONS.cgroupParent,
  nodeName: withHelp(AGENT_OPTIONS.nodeName, 'name of the local node'),
  nodeIp: withHelp(AGENT_OPTIONS.nodeIp, 'address other nodes reach the local node by'),
  bridge: AGENT_OPTIONS.bridge,
  resolvConf: AGENT_OPTIONS.resolvConf,
  dnsUpstreams: AGENT_OPTIONS.dnsUpstreams,
  readOnlyPort: withHelp(
    AGENT_OPTIONS.readOnlyPort,
    "also serve the local agent's /metrics and /metrics/cadvisor without a token on 127.0.0.1:PORT",
  ),
  maxPods: withHelp(AGENT_OPTIONS.maxPods, 'pods the local node takes'),
  minFreeDiskPercent: withHelp(
    AGENT_OPTIONS.minFreeDiskPercent,
    'the local node reports DiskPressure, and takes no new local volumes, below this much free disk space (percent)',
  ),
  ingressHttpPort: withHelp(
    AGENT_OPTIONS.ingressHttpPort,
    "the built-in ingress controller's HTTP port on the local node's address (0 = off)",
  ),
  ingressHttpsPort: withHelp(
    AGENT_OPTIONS.ingressHttpsPort,
    "the built-in ingress controller's HTTPS port on the local node's address (0 = off)",
  ),
  node: JOIN_NODES,
  /** @default 5000 */
  registryPort: option({
    flag: '--registry-port <port>',
    help: 'port of the embedded image registry (0: any free one)',
    parse: listenPort,
    default: 5000,
  }),
  /** @default 127.0.0.1 */
  registryAddress: option({
    flag: '--registry-address <ip>',
    help: 'address the embedded registry listens on (a host address, for nodes on other hosts)',
    parse: ipAddress,
    default: '127.0.0.1',
  }),
  /** @default 6445 */
  joinPort: option({
    flag: '--join-port <port>',
    help: 'port of the service that admits further control-plane hosts, on --bind-address when that is a host address (0: none)',
    parse: listenPort,
    default: 6445,
  }),
  /** @default false: the embedded registry runs */
  noRegistry: flag({ flag: '--no-registry', help: 'run no embedded registry' }),
  /** @default none: the embedded registry */
  registryEndpoint: optional({
    flag: '--registry-endpoint <url>',
    help: 'use this registry (http://HOST:PORT or https://…) instead of running one',
    parse: registryUrl,
  }),
};

export type UpOptions = OptionValues<typeof UP_OPTIONS>;

export const DOWN_OPTIONS = {
  dataDir: DATA_DIR_OPTION,
  /** @default false: the data dir (images, etcd, volumes) is kept */
  purge: flag({ flag: '--purge', help: 'also delete the data directory (images, cluster state, volumes)' }),
};
