// Pod networking on one node: a network namespace per pod, wired by CNI to a bridge that
// holds the node's pod CIDR (bridge + host-local IPAM + portmap for hostPort), with loopback up.

import { formatIp, parseIp } from '@stevedore/api';
import { pathExists as exists } from '@stevedore/files';
import { runCommand as run } from '@stevedore/runtime';
import * as path from 'path';
import { invokeList } from './cni';
import { ignoreIpGone, runEvery } from './failures';

const NETNS_DIR = '/var/run/netns';

export interface PodNetworkConfig {
  /** The node's pod range, e.g. 198.19.3.0/24 (from the control plane). */
  podCidr: string;
  /** Bridge name on the host (one per agent, ≤15 chars). */
  bridge: string;
  /** Where host-local keeps its address leases. */
  stateDir: string;
  cniPath?: string;
}

export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIP?: string;
}

export interface PodSandboxNetwork {
  netnsName: string;
  netnsPath: string;
  ip: string;
}

export function netnsNameFor(podUid: string): string {
  return `stvd-${podUid.replace(/-/g, '').slice(0, 16)}`;
}

export class PodNetwork {
  constructor(private readonly config: PodNetworkConfig) {}

  /** portmap joins the chain only for pods with host ports: it costs an iptables run per call. */
  private list(withPortmap: boolean) {
    return {
      cniVersion: '1.0.0',
      name: 'stevedore',
      plugins: [
        {
          type: 'bridge',
          bridge: this.config.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          // The default route via the bridge lets pods reach other nodes' pods (and their hosts).
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: this.config.podCidr }]],
            routes: [{ dst: '0.0.0.0/0' }],
            dataDir: this.config.stateDir,
          },
        },
        ...(withPortmap ? [{ type: 'portmap', capabilities: { portMappings: true }, snat: false }] : []),
      ],
    };
  }

  /** Creates the namespace and its interfaces; idempotent for a pod that already has them. */
  async setUp(podUid: string, ports: PortMapping[] = []): Promise<PodSandboxNetwork> {
    const netnsName = netnsNameFor(podUid);
    const netnsPath = path.join(NETNS_DIR, netnsName);
    const present = await exists(netnsPath);
    const call = { containerId: podUid, netns: netnsPath, ifName: 'eth0', cniPath: this.config.cniPath };
    const plugins = this.list(ports.length > 0);
    if (present) {
      // An agent restart finds its pods' namespaces already wired: adopt them as they are.
      const ip = await addressIn(netnsName);
      if (ip) return { netnsName, netnsPath, ip };
      // A setup cut short (a crash) left eth0 without an address: ADD would fail on it for ever.
      await invokeList(plugins, { ...call, command: 'DEL' });
    }
    await ipBatch(namespaceCommands(netnsName, !present));
    // A failed ADD (e.g. its address lease could not be written on a full disk) may have made the
    // veth already: undone here, or every retry failed with "eth0 already exists".
    const result = await invokeList(plugins, { ...call, command: 'ADD' }, { portMappings: ports }).catch(async (err: Error) => {
      await invokeList(plugins, { ...call, command: 'DEL' }).catch((undo: Error) => {
        throw new Error(`${err.message} (and undoing it failed: ${undo.message})`);
      });
      throw err;
    });
    const ip = result.ips?.[0]?.address.split('/')[0];
    if (!ip) throw new Error(`CNI returned no address for pod ${podUid}`);
    return { netnsName, netnsPath, ip };
  }

  /**
   * Releases the address, port mappings and namespace; safe to repeat. Pass whether the pod had
   * host ports, if known. The namespace goes even when CNI DEL fails (a leaked address or port
   * mapping); then the DEL failure is thrown for the caller to report.
   */
  async tearDown(podUid: string, hadHostPorts = true): Promise<void> {
    const netnsName = netnsNameFor(podUid);
    const netnsPath = path.join(NETNS_DIR, netnsName);
    const call = { containerId: podUid, netns: (await exists(netnsPath)) ? netnsPath : '', ifName: 'eth0', cniPath: this.config.cniPath };
    await runEvery([
      () => invokeList(this.list(hadHostPorts), { ...call, command: 'DEL' }),
      async () => {
        if (await exists(netnsPath)) await run('ip', ['netns', 'delete', netnsName]);
      },
    ]);
  }

  /**
   * The bridge's own address (the pods' gateway: the first of the pod CIDR, which the bridge
   * plugin gives it). Made ahead of the first pod so node services, such as cluster DNS, can
   * listen there from the start; the plugin adopts a bridge that already has it.
   */
  async ensureBridge(): Promise<string> {
    const [base, bits] = this.config.podCidr.split('/') as [string, string];
    const gateway = formatIp(parseIp(base)! + 1);
    const link = await ignoreIpGone(run('ip', ['-o', '-4', 'addr', 'show', 'dev', this.config.bridge]));
    if (link === undefined) await run('ip', ['link', 'add', 'name', this.config.bridge, 'type', 'bridge']);
    if (!link?.stdout.includes(`inet ${gateway}/`)) await run('ip', ['addr', 'add', `${gateway}/${bits}`, 'dev', this.config.bridge]);
    await run('ip', ['link', 'set', this.config.bridge, 'up']);
    return gateway;
  }

  /** Removes the bridge (when the agent is torn down for good, e.g. in tests); one already gone is fine. */
  async removeBridge(): Promise<void> {
    await ignoreIpGone(run('ip', ['link', 'delete', this.config.bridge]));
  }
}

/**
 * The namespace and its loopback up, as `ip -batch` lines: one process instead of `ip netns add`
 * plus the CNI loopback plugin (each spawn blocks the agent's thread for several milliseconds).
 */
export function namespaceCommands(netnsName: string, create: boolean): string[] {
  return [...(create ? [`netns add ${netnsName}`] : []), `netns exec ${netnsName} ip link set lo up`];
}

async function ipBatch(lines: string[]): Promise<void> {
  await run('ip', ['-batch', '-'], { input: lines.join('\n') + '\n' }).catch((err: Error) => {
    throw new Error(`${lines.join('; ')}: ${err.message}`);
  });
}

/** The namespace's address; undefined when it has no eth0 yet (a setup cut short), which setUp then wires. */
async function addressIn(netnsName: string): Promise<string | undefined> {
  const shown = await ignoreIpGone(run('ip', ['-n', netnsName, '-4', '-o', 'addr', 'show', 'dev', 'eth0']));
  return /inet (\d+\.\d+\.\d+\.\d+)\//.exec(shown?.stdout ?? '')?.[1];
}
