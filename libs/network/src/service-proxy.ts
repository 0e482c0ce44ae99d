// The node's Service proxy, as kube-proxy's iptables mode does it: traffic to a Service's cluster
// IP (or to a node port on this host) is DNATed in the nat table to one of its ready endpoints,
// picked at random with equal chances. The whole rule set is rewritten in one iptables-restore
// transaction per change, so a reader never sees half of it.

import type { Logger } from '@stevedore/log';
import { execFile, spawn } from 'child_process';
import { createHash } from 'crypto';
import { promisify } from 'util';
import { runEvery } from './failures';

const run = promisify(execFile);

export interface ProxiedService {
  /** namespace/name:port, shown as the rule comment. */
  name: string;
  clusterIp: string;
  port: number;
  protocol: string;
  /** 0 when the Service has no node port. */
  nodePort: number;
  endpoints: { ip: string; port: number }[];
  /** A LoadBalancer Service's addresses (node or pool addresses), proxied on the Service's own port. */
  loadBalancerIps?: string[];
}

/** Packets marked with this bit leave the host masqueraded (node ports, a pod reaching itself). */
const MASQ_MARK = '0x4000/0x4000';

export class ServiceProxy {
  private queue: Promise<void> = Promise.resolve();
  private readonly chain: (suffix: string) => string;

  /** `owner` (e.g. the node name) keeps the chains of agents sharing one host apart. */
  constructor(
    owner: string,
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
    const existing = await ownChains(this.chain(''));
    const rules = renderRules(services, this.chain);
    const stale = existing.filter((c) => !rules.chains.includes(c));
    await restore([
      '*nat',
      ...[...rules.chains, ...stale].map((c) => `:${c} - [0:0]`),
      ...rules.lines,
      ...stale.map((c) => `-X ${c}`),
      'COMMIT',
      '',
    ]);
    await this.hook('PREROUTING', this.chain('SERVICES'));
    await this.hook('OUTPUT', this.chain('SERVICES'));
    await this.hook('POSTROUTING', this.chain('POSTROUTING'));
  }

  /** Jumps from a built-in chain to ours, added once. */
  private async hook(builtin: string, target: string): Promise<void> {
    const rule = ['-m', 'comment', '--comment', 'stevedore service proxy', '-j', target];
    // -C answers "absent" by failing; any other failure shows again in the -I that follows.
    const present = await run('iptables', ['-t', 'nat', '-C', builtin, ...rule]).then(
      () => true,
      () => false,
    );
    if (!present) await run('iptables', ['-t', 'nat', '-I', builtin, '1', ...rule]);
  }
}

/** The prefix of every nat chain the proxy of `owner` creates (for cleanup by tests and tools). */
export function serviceChainPrefix(owner: string): string {
  return `STVD${hash(owner).slice(0, 4)}-`;
}

/** The chains and rules for the services, in iptables-restore syntax. */
export function renderRules(services: ProxiedService[], chain: (suffix: string) => string): { chains: string[]; lines: string[] } {
  const [svcs, nodePorts, post, masq] = ['SERVICES', 'NODEPORTS', 'POSTROUTING', 'MARK-MASQ'].map(chain) as [
    string,
    string,
    string,
    string,
  ];
  const chains = [svcs, nodePorts, post, masq];
  const lines = [`-A ${masq} -j MARK --set-xmark ${MASQ_MARK}`, `-A ${post} -m mark --mark ${MASQ_MARK} -j MASQUERADE`];
  for (const s of services) {
    if (!s.endpoints.length) continue;
    const proto = s.protocol.toLowerCase();
    const comment = `-m comment --comment "${s.name.replace(/"/g, '')}"`;
    const svcChain = chain(`SVC-${hash(`${s.name}/${proto}`).slice(0, 12)}`);
    chains.push(svcChain);
    lines.push(`-A ${svcs} -d ${s.clusterIp}/32 -p ${proto} --dport ${s.port} ${comment} -j ${svcChain}`);
    // Load balancer traffic comes from outside the pod network: masqueraded, as node ports, so replies return through this node.
    for (const ip of s.loadBalancerIps ?? []) {
      lines.push(`-A ${svcs} -d ${ip}/32 -p ${proto} --dport ${s.port} ${comment} -j ${masq}`);
      lines.push(`-A ${svcs} -d ${ip}/32 -p ${proto} --dport ${s.port} ${comment} -j ${svcChain}`);
    }
    if (s.nodePort) {
      lines.push(`-A ${nodePorts} -p ${proto} --dport ${s.nodePort} ${comment} -j ${masq}`);
      lines.push(`-A ${nodePorts} -p ${proto} --dport ${s.nodePort} ${comment} -j ${svcChain}`);
    }
    s.endpoints.forEach((e, i) => {
      const sepChain = chain(`SEP-${hash(`${s.name}/${proto}/${e.ip}:${e.port}`).slice(0, 12)}`);
      chains.push(sepChain);
      const left = s.endpoints.length - i;
      const pick = left > 1 ? `-m statistic --mode random --probability ${(1 / left).toFixed(10)} ` : '';
      lines.push(`-A ${svcChain} ${pick}-j ${sepChain}`);
      // A pod reaching itself through its Service must not see its own address as the source.
      lines.push(`-A ${sepChain} -s ${e.ip}/32 -j ${masq}`);
      lines.push(`-A ${sepChain} -p ${proto} -j DNAT --to-destination ${e.ip}:${e.port}`);
    });
  }
  lines.push(`-A ${svcs} -m addrtype --dst-type LOCAL -j ${nodePorts}`);
  return { chains, lines };
}

async function ownChains(prefix: string): Promise<string[]> {
  const { stdout } = await run('iptables', ['-t', 'nat', '-S']);
  return chainsIn(stdout, prefix);
}

/** The chains with this prefix in `iptables -S` output. */
function chainsIn(listing: string, prefix: string): string[] {
  return listing
    .split('\n')
    .filter((l) => l.startsWith(`-N ${prefix}`))
    .map((l) => l.slice(3).trim());
}

/**
 * Removes the jumps to chains with this prefix, then the chains themselves. Every step is tried
 * even when one fails; the failures are thrown together.
 */
export async function removeChains(prefix: string): Promise<void> {
  const { stdout } = await run('iptables', ['-t', 'nat', '-S']);
  const jumps = stdout
    .split('\n')
    .map((line) => /^-A (PREROUTING|OUTPUT|POSTROUTING) (.*-j (\S+))$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => !!match && match[3]!.startsWith(prefix));
  const chains = chainsIn(stdout, prefix);
  await runEvery([
    ...jumps.map((match) => () => run('iptables', ['-t', 'nat', '-D', match[1]!, ...splitRule(match[2]!)])),
    async () => {
      if (chains.length) await restore(['*nat', ...chains.map((c) => `:${c} - [0:0]`), ...chains.map((c) => `-X ${c}`), 'COMMIT', '']);
    },
  ]);
}

/** Splits a rule as iptables -S prints it (quoted comments stay one argument). */
function splitRule(rule: string): string[] {
  return (rule.match(/"[^"]*"|\S+/g) ?? []).map((part) => part.replace(/^"|"$/g, ''));
}

function restore(lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('iptables-restore', ['--noflush'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`iptables-restore failed (${code}): ${stderr.trim()}`))));
    child.stdin.end(lines.join('\n'));
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').toUpperCase();
}
