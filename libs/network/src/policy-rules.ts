// NetworkPolicy enforcement as filter-table rules, the pure part: the control plane sends, for
// each of this node's pods that a policy isolates, the peers and ports it may talk to; these
// rules let exactly that through in the FORWARD chain. Pods share the node's bridge, so with
// br_netfilter even traffic between two pods of one node passes FORWARD; traffic from another
// node arrives routed and passes it too. Ingress is therefore checked on the node of the pod
// that receives, egress on the node of the pod that sends, and replies of allowed connections
// pass on conntrack state. Traffic between a pod and its own node (probes, the node's DNS
// server) goes through INPUT and OUTPUT and is never filtered, as Kubernetes requires.
import { createHash } from 'crypto';

/** What may reach, and leave, one pod (the shape of the agent feed's PolicyTarget). */
export interface PolicyTarget {
  podIp: string;
  /** namespace/name, for rule comments. */
  name: string;
  ingressIsolated: boolean;
  egressIsolated: boolean;
  ingress: PolicyAllow[];
  egress: PolicyAllow[];
}

export interface PolicyAllow {
  /** Empty: any address. */
  cidr: string;
  except: string[];
  /** Empty: every port and protocol. */
  ports: { protocol: string; port: number; endPort: number }[];
}

/** Set on a packet an egress (ingress) rule allows; cleared on entry so marks never leak between checks. */
const EGRESS_ALLOWED = '0x10000/0x10000';
const INGRESS_ALLOWED = '0x20000/0x20000';
const BOTH = '0x0/0x30000';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').toUpperCase().slice(0, 12);

/** `-p tcp --dport 80:90`-style matches for the ports; [''] (anything) when there are none. */
function portMatches(ports: PolicyAllow['ports']): string[] {
  if (!ports.length) return [''];
  return ports.map((p) => {
    const proto = p.protocol.toLowerCase();
    if (!p.port) return `-p ${proto} `;
    const range = p.endPort && p.endPort > p.port ? `${p.port}:${p.endPort}` : `${p.port}`;
    return `-p ${proto} -m ${proto} --dport ${range} `;
  });
}

/**
 * One direction's chain: each allowed peer sets `mark`. A peer with exceptions jumps to a chain
 * of its own that returns early for the excepted ranges.
 */
function directionChain(
  name: string,
  allows: PolicyAllow[],
  peerFlag: '-s' | '-d',
  mark: string,
  chain: (suffix: string) => string,
): { chains: string[]; lines: string[] } {
  const chains = [name];
  const lines: string[] = [];
  allows.forEach((allow, i) => {
    const peer = allow.cidr ? `${peerFlag} ${allow.cidr} ` : '';
    let into = name;
    let prefix = peer;
    if (allow.except.length) {
      into = chain(`NP-X-${hash(`${name}/${i}`)}`);
      chains.push(into);
      lines.push(`-A ${name} ${peer}-j ${into}`);
      for (const except of allow.except) lines.push(`-A ${into} ${peerFlag} ${except} -j RETURN`);
      prefix = '';
    }
    for (const ports of portMatches(allow.ports)) lines.push(`-A ${into} ${prefix}${ports}-j MARK --set-xmark ${mark}`);
  });
  return { chains, lines };
}

/** The chains and rules for the targets, in iptables-restore syntax (filter table). */
export function renderPolicyRules(targets: PolicyTarget[], chain: (suffix: string) => string): { chains: string[]; lines: string[] } {
  const policy = chain('NP');
  const chains = [policy];
  const lines = [
    // Replies, and every later packet of a connection that was allowed when it began.
    `-A ${policy} -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`,
    `-A ${policy} -j MARK --set-xmark ${BOTH}`,
  ];
  for (const t of targets) {
    const comment = (word: string) => `-m comment --comment "${t.name.replace(/"/g, '')} ${word}"`;
    for (const [isolated, allows, flag, peerFlag, mark, word] of [
      [t.egressIsolated, t.egress, '-s', '-d', EGRESS_ALLOWED, 'egress'],
      [t.ingressIsolated, t.ingress, '-d', '-s', INGRESS_ALLOWED, 'ingress'],
    ] as const) {
      if (!isolated) continue;
      const own = chain(`NP-${word === 'egress' ? 'E' : 'I'}-${hash(`${t.name}/${t.podIp}`)}`);
      const direction = directionChain(own, allows, peerFlag, mark, chain);
      chains.push(...direction.chains);
      lines.push(...direction.lines);
      lines.push(`-A ${policy} ${flag} ${t.podIp}/32 -j ${own}`);
      lines.push(`-A ${policy} ${flag} ${t.podIp}/32 -m mark ! --mark ${mark} ${comment(word)} -j DROP`);
    }
  }
  return { chains, lines };
}
