// The node's Service proxy, as kube-proxy's iptables mode does it: traffic to a Service's cluster
// IP (or to a node port on this host) is DNATed in the nat table to one of its ready endpoints,
// picked at random with equal chances. The whole rule set is rewritten in one iptables-restore
// transaction per change, so a reader never sees half of it.

import type { Logger } from '@stevedore/log';
import { createHash } from 'crypto';
import { hook, ownChains, removeChains, restore } from './iptables';

export interface ProxiedService {
  /** namespace/name:port, shown as the rule comment. */
  name: string;
  clusterIp: string;
  port: number;
  protocol: string;
  /** 0 when the Service has no node port. */
  nodePort: number;
  /** `nodeName`: where the endpoint runs (for the Local traffic policies). */
  endpoints: { ip: string; port: number; nodeName?: string }[];
  /** sessionAffinity ClientIP: how long a client keeps its endpoint, in seconds; 0 or absent for none. */
  affinitySeconds?: number;
  /** externalTrafficPolicy Local: node ports reach only this node's endpoints, with the client's address kept. */
  externalLocal?: boolean;
  /** internalTrafficPolicy Local: the cluster IP reaches only this node's endpoints. */
  internalLocal?: boolean;
  /** A LoadBalancer Service's addresses (node or pool addresses), proxied on the Service's own port. */
  loadBalancerIps?: string[];
}

/** Packets marked with this bit leave the host masqueraded (node ports, a pod reaching itself). */
const MASQ_MARK = '0x4000/0x4000';
/** Packets marked with this bit are dropped by the filter table (a Local policy with no local endpoint). */
const DROP_MARK = '0x8000/0x8000';

export class ServiceProxy {
  private queue: Promise<void> = Promise.resolve();
  private readonly chain: (suffix: string) => string;

  /** `owner` (e.g. the node name) keeps the chains of agents sharing one host apart. */
  constructor(
    private readonly owner: string,
    private readonly log: Logger,
  ) {
    const prefix = serviceChainPrefix(owner);
    this.chain = (suffix) => `${prefix}${suffix}`;
  }

  /** Makes the rules match the services; syncs run one at a time, in call order. */
  sync(services: ProxiedService[]): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(services))
      .catch((err) => this.log.warn('cannot sync the Service rules; trying again on the next change', { err }));
    return this.queue;
  }

  /** Removes every rule and chain of this proxy. */
  removeAll(): Promise<void> {
    this.queue = this.queue
      .then(() => removeChains(this.chain('')))
      .catch((err) => this.log.warn('cannot remove the Service rules', { err }));
    return this.queue;
  }

  private async apply(services: ProxiedService[]): Promise<void> {
    const existing = await ownChains('nat', this.chain(''));
    const rules = renderRules(services, this.chain, this.owner);
    const stale = existing.filter((c) => !rules.chains.includes(c));
    const firewall = this.chain('FIREWALL');
    await restore([
      '*nat',
      ...[...rules.chains, ...stale].map((c) => `:${c} - [0:0]`),
      ...rules.lines,
      ...stale.map((c) => `-X ${c}`),
      'COMMIT',
      '*filter',
      `:${firewall} - [0:0]`,
      `-A ${firewall} -m mark --mark ${DROP_MARK} -j DROP`,
      'COMMIT',
      '',
    ]);
    const comment = 'stevedore service proxy';
    await hook('nat', 'PREROUTING', this.chain('SERVICES'), comment);
    await hook('nat', 'OUTPUT', this.chain('SERVICES'), comment);
    await hook('nat', 'POSTROUTING', this.chain('POSTROUTING'), comment);
    for (const builtin of ['INPUT', 'FORWARD', 'OUTPUT']) await hook('filter', builtin, firewall, comment);
  }
}

/** The prefix of every nat chain the proxy of `owner` creates (for cleanup by tests and tools). */
export function serviceChainPrefix(owner: string): string {
  return `STVD${hash(owner).slice(0, 4)}-`;
}

/**
 * The chains and rules for the services, in iptables-restore syntax. `node` is this node's name:
 * the Local traffic policies send traffic only to the endpoints that run on it.
 */
export function renderRules(
  services: ProxiedService[],
  chain: (suffix: string) => string,
  node = '',
): { chains: string[]; lines: string[] } {
  const [svcs, nodePorts, post, masq, drop] = ['SERVICES', 'NODEPORTS', 'POSTROUTING', 'MARK-MASQ', 'MARK-DROP'].map(chain) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const chains = [svcs, nodePorts, post, masq, drop];
  const lines = [
    `-A ${masq} -j MARK --set-xmark ${MASQ_MARK}`,
    `-A ${drop} -j MARK --set-xmark ${DROP_MARK}`,
    `-A ${post} -m mark --mark ${MASQ_MARK} -j MASQUERADE`,
  ];
  for (const s of services) {
    if (!s.endpoints.length) continue;
    const proto = s.protocol.toLowerCase();
    const comment = `-m comment --comment "${s.name.replace(/"/g, '')}"`;
    const key = `${s.name}/${proto}`;
    const sep = (e: { ip: string; port: number }) => chain(`SEP-${hash(`${key}/${e.ip}:${e.port}`).slice(0, 12)}`);
    for (const e of s.endpoints) {
      chains.push(sep(e));
      // A pod reaching itself through its Service must not see its own address as the source.
      lines.push(`-A ${sep(e)} -s ${e.ip}/32 -j ${masq}`);
      const remember = s.affinitySeconds ? `-m recent --name ${sep(e)} --set ` : '';
      lines.push(`-A ${sep(e)} -p ${proto} ${remember}-j DNAT --to-destination ${e.ip}:${e.port}`);
    }
    // The cluster-wide chain, and the chain of this node's endpoints when a policy is Local.
    const all = pickChain(chain(`SVC-${hash(key).slice(0, 12)}`), s.endpoints, s, sep);
    const mine = s.endpoints.filter((e) => e.nodeName === node);
    const local = pickChain(chain(`SVL-${hash(key).slice(0, 12)}`), mine, s, sep);
    // A Local policy with no endpoint on this node drops the traffic rather than sending it elsewhere.
    const target = (isLocal: boolean | undefined) => {
      const picked = isLocal ? local : all;
      if (!picked.lines.length) return drop;
      if (!chains.includes(picked.chain)) {
        chains.push(picked.chain);
        lines.push(...picked.lines);
      }
      return picked.chain;
    };
    lines.push(`-A ${svcs} -d ${s.clusterIp}/32 -p ${proto} --dport ${s.port} ${comment} -j ${target(s.internalLocal)}`);
    // Load balancer traffic comes from outside the pod network: like node ports, masqueraded (so replies return
    // through this node) unless externalTrafficPolicy is Local, which keeps the client's address.
    for (const ip of s.loadBalancerIps ?? []) {
      if (!s.externalLocal) lines.push(`-A ${svcs} -d ${ip}/32 -p ${proto} --dport ${s.port} ${comment} -j ${masq}`);
      lines.push(`-A ${svcs} -d ${ip}/32 -p ${proto} --dport ${s.port} ${comment} -j ${target(s.externalLocal)}`);
    }
    if (s.nodePort) {
      // Local node ports keep the client's address: only this node's endpoints answer, so replies pass here anyway.
      if (!s.externalLocal) lines.push(`-A ${nodePorts} -p ${proto} --dport ${s.nodePort} ${comment} -j ${masq}`);
      lines.push(`-A ${nodePorts} -p ${proto} --dport ${s.nodePort} ${comment} -j ${target(s.externalLocal)}`);
    }
  }
  lines.push(`-A ${svcs} -m addrtype --dst-type LOCAL -j ${nodePorts}`);
  return { chains, lines };
}

/**
 * A chain that picks one of the endpoints with equal chances; under ClientIP affinity a client
 * seen within the timeout goes back to the endpoint it had, as kube-proxy does with `recent`.
 */
function pickChain(
  name: string,
  endpoints: ProxiedService['endpoints'],
  service: ProxiedService,
  sep: (e: { ip: string; port: number }) => string,
): { chain: string; lines: string[] } {
  const lines: string[] = [];
  if (service.affinitySeconds)
    for (const e of endpoints)
      lines.push(`-A ${name} -m recent --name ${sep(e)} --rcheck --seconds ${service.affinitySeconds} --reap -j ${sep(e)}`);
  endpoints.forEach((e, i) => {
    const left = endpoints.length - i;
    const pick = left > 1 ? `-m statistic --mode random --probability ${(1 / left).toFixed(10)} ` : '';
    lines.push(`-A ${name} ${pick}-j ${sep(e)}`);
  });
  return { chain: name, lines };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').toUpperCase();
}
