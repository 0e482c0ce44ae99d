// The node's NetworkPolicy enforcer: keeps the filter-table rules of policy-rules.ts in step with
// the targets the control plane sends, in one iptables-restore transaction per change, with its
// chains under the same owner prefix as the Service proxy's (so one cleanup removes both).
import { pathExists } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import { promises as fs } from 'fs';
import { hook, ownChains, restore, run } from './iptables';
import { type PolicyTarget, renderPolicyRules } from './policy-rules';
import { serviceChainPrefix } from './service-proxy';

const BRIDGE_NF = '/proc/sys/net/bridge/bridge-nf-call-iptables';

export class NetworkPolicyEnforcer {
  private queue: Promise<void> = Promise.resolve();
  private readonly chain: (suffix: string) => string;
  private hooked = false;

  constructor(
    owner: string,
    private readonly log: Logger,
  ) {
    const prefix = serviceChainPrefix(owner);
    this.chain = (suffix) => `${prefix}${suffix}`;
  }

  /** Makes the rules match the targets; syncs run one at a time, in call order. */
  sync(targets: PolicyTarget[]): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(targets))
      .catch((err) => this.log.warn('cannot sync the NetworkPolicy rules; trying again on the next change', { err }));
    return this.queue;
  }

  private async apply(targets: PolicyTarget[]): Promise<void> {
    const existing = await ownChains('filter', this.chain('NP'));
    // A node that never had policies for its pods keeps its FORWARD chain untouched.
    if (!targets.length && !this.hooked && !existing.length) return;
    if (!this.hooked) await bridgedTrafficFiltered();
    const rules = renderPolicyRules(targets, this.chain);
    const stale = existing.filter((c) => !rules.chains.includes(c));
    await restore([
      '*filter',
      ...[...rules.chains, ...stale].map((c) => `:${c} - [0:0]`),
      ...rules.lines,
      ...stale.map((c) => `-X ${c}`),
      'COMMIT',
      '',
    ]);
    await hook('filter', 'FORWARD', this.chain('NP'), 'stevedore network policy');
    this.hooked = true;
    this.log.debug('NetworkPolicy rules synced', { pods: targets.length, rules: rules.lines.length });
  }
}

/**
 * Pods of one node talk over its bridge; only with br_netfilter and bridge-nf-call-iptables=1 do
 * those frames pass iptables' FORWARD chain, where the policy rules are.
 */
async function bridgedTrafficFiltered(): Promise<void> {
  if (!(await pathExists(BRIDGE_NF))) await run('modprobe', ['br_netfilter']);
  if ((await fs.readFile(BRIDGE_NF, 'utf8')).trim() !== '1') await fs.writeFile(BRIDGE_NF, '1\n');
}
