// The node agent's command-line options, declared once: `stevedore agent`, `stevedore up` (its
// local node) and this app's own entry point build their flags and config from this table.

import { defaultHostIP } from '@stevedore/agent';
import {
  DATA_DIR_OPTION,
  dnsSubdomain,
  filePath,
  hostPort,
  integer,
  interfaceName,
  ipAddress,
  listenPort,
  nonEmpty,
  type OptionValues,
  option,
  optional,
  positiveInteger,
  repeatable,
  simpleName,
} from '@stevedore/options';
import * as os from 'os';

export const AGENT_OPTIONS = {
  /** @default $STEVEDORE_DATA_DIR, else ~/.stevedore */
  dataDir: DATA_DIR_OPTION,
  /** @default none: only localhost and 127.0.0.0/8 registries may use plain HTTP */
  insecureRegistries: repeatable({
    flag: '--insecure-registry <host:port>',
    help: 'allow plain HTTP to this registry',
    parse: hostPort(true),
  }),
  /** @default none: every registry pulled from directly */
  registriesConfig: optional({
    flag: '--registries-config <file>',
    help: 'registries.yaml: mirrors of registries (docker.io → yours), and credentials and TLS settings by registry',
    parse: filePath,
  }),
  /** @default stevedore (one per agent, so agents on one host never collide) */
  cgroupParent: option({
    flag: '--cgroup-parent <name>',
    help: 'parent cgroup of the containers',
    parse: simpleName,
    default: 'stevedore',
  }),
  /** @default none: the agent manages local containers only */
  server: repeatable({
    flag: '--server <host:port>',
    help: "a control plane's agent gateway: join its cluster (several, or a comma-separated list, for several control planes)",
    parse: (text) => text.split(',').map(hostPort()),
  }),
  /** @default none; required with --server */
  token: optional({ flag: '--token <token>', help: "this node's token (with --server)", parse: nonEmpty }),
  /** @default none; required with --server */
  caFile: optional({ flag: '--ca-file <file>', help: 'the cluster CA certificate (with --server)', parse: filePath }),
  /** @default the hostname, in lower case */
  nodeName: option({
    flag: '--node-name <name>',
    help: 'node name',
    parse: dnsSubdomain,
    default: () => os.hostname().toLowerCase(),
    defaultHelp: 'the hostname',
  }),
  /** @default the first non-internal IPv4 address (outside pod bridges), else 127.0.0.1 */
  nodeIp: option({
    flag: '--node-ip <ip>',
    help: 'address other nodes reach this one by',
    parse: ipAddress,
    default: defaultHostIP,
    defaultHelp: 'the first non-internal IPv4 address',
  }),
  /** @default stvd0 */
  bridge: option({ flag: '--bridge <name>', help: 'host bridge for pod networking', parse: interfaceName, default: 'stvd0' }),
  /** @default /etc/resolv.conf (as the kubelet's --resolv-conf) */
  resolvConf: option({
    flag: '--resolv-conf <file>',
    help: "the node's resolvers: cluster DNS forwards other names to them, and pods with dnsPolicy Default get them",
    parse: filePath,
    default: '/etc/resolv.conf',
  }),
  /** @default none: the nameservers of --resolv-conf, port 53 */
  dnsUpstreams: repeatable({
    flag: '--dns-upstream <host[:port]>',
    help: 'forward names outside the cluster here instead of to the --resolv-conf nameservers',
    parse: hostPort(true),
  }),
  /** @default none: the agent's metrics need the bearer token, through the API's node proxy */
  readOnlyPort: optional({
    flag: '--read-only-port <port>',
    help: 'with --server: also serve /metrics and /metrics/cadvisor without a token on 127.0.0.1:PORT',
    parse: listenPort,
  }),
  /** @default 80: the built-in ingress controller's HTTP port on --node-ip */
  ingressHttpPort: option({
    flag: '--ingress-http-port <port>',
    help: "with --server: the built-in ingress controller's HTTP port on the node address (0 = off)",
    parse: listenPort,
    default: 80,
  }),
  /** @default 443: the built-in ingress controller's HTTPS port on --node-ip */
  ingressHttpsPort: option({
    flag: '--ingress-https-port <port>',
    help: "with --server: the built-in ingress controller's HTTPS port on the node address (0 = off)",
    parse: listenPort,
    default: 443,
  }),
  /** @default 110 (as Kubernetes) */
  maxPods: option({
    flag: '--max-pods <n>',
    help: 'with --server: pods this node takes',
    parse: positiveInteger,
    default: 110,
    defaultHelp: '110, as Kubernetes',
  }),
  /** @default 10 (as the kubelet's nodefs.available<10% eviction threshold) */
  minFreeDiskPercent: option({
    flag: '--min-free-disk-percent <n>',
    help: 'with --server: report DiskPressure, and take no new local volumes, below this much free space in the data directory',
    parse: integer(0, 100, 'a percentage (0-100)'),
    default: 10,
    defaultHelp: "10, as the kubelet's nodefs.available<10%",
  }),
};

export type AgentOptions = OptionValues<typeof AGENT_OPTIONS>;
