// The flags of `stevedore up` and `stevedore control-plane`: the control plane's and the agent's
// own tables (declared in their apps), narrowed or explained for each command, plus --node.
import { CONTROL_PLANE_OPTIONS } from '@stevedore/control-plane';
import { AGENT_OPTIONS } from '@stevedore/node-agent';
import { dnsSubdomain, type OptionValues, repeatable, required, withHelp } from '@stevedore/options';

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
};

export type UpOptions = OptionValues<typeof UP_OPTIONS>;
