// Routes from this host to the other nodes' pod ranges through their host addresses, so a pod
// reaches a pod on another host by its pod IP (hosts share a link, as on a flat L2 network).

import type { Logger } from '@stevedore/log';
import { execFile } from 'child_process';
import { promisify } from 'util';
import { ignoreIpGone } from './failures';

const run = promisify(execFile);

/** Our routes carry their own protocol number, so a sync finds and removes only what it added. */
export const ROUTE_PROTOCOL = '67';

/** Another node's pod range and the host address that leads to it. */
export interface PeerRoute {
  podCidr: string;
  hostIp: string;
}

export class NodeRoutes {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly self: { podCidr: string; hostIp: string },
    private readonly log: Logger,
  ) {}

  /** Makes the host's routes match the peers; syncs run one at a time, in call order. */
  sync(peers: PeerRoute[]): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(peers))
      .catch((err) => this.log.warn('cannot sync the routes to other nodes; trying again on the next change', { err }));
    return this.queue;
  }

  /** Removes every route this agent added. */
  async removeAll(): Promise<void> {
    await this.sync([]);
  }

  private async apply(peers: PeerRoute[]): Promise<void> {
    const wanted = new Map(peers.filter((p) => this.isRemote(p)).map((p) => [p.podCidr, p.hostIp]));
    const current = await installedRoutes();
    for (const [cidr, via] of wanted) {
      if (current.get(cidr) === via) continue;
      await run('ip', ['route', 'replace', cidr, 'via', via, 'proto', ROUTE_PROTOCOL]).then(
        () => this.log.debug('route added', { cidr, via }),
        (err) => this.log.warn('cannot add a route', { cidr, via, err }),
      );
    }
    for (const cidr of current.keys()) {
      if (wanted.has(cidr)) continue;
      // Gone already (removed by hand, or with its interface) is what we wanted.
      await ignoreIpGone(run('ip', ['route', 'del', cidr, 'proto', ROUTE_PROTOCOL])).then(
        () => this.log.debug('route removed', { cidr }),
        (err) => this.log.warn('cannot remove a route', { cidr, err }),
      );
    }
  }

  /** Nodes sharing this host's address share its bridge table too: no route needed (or possible). */
  private isRemote(peer: PeerRoute): boolean {
    return peer.podCidr !== this.self.podCidr && peer.hostIp !== this.self.hostIp;
  }
}

/** pod CIDR -> gateway of the routes with our protocol number. */
async function installedRoutes(): Promise<Map<string, string>> {
  const { stdout } = await run('ip', ['-4', '-o', 'route', 'show', 'proto', ROUTE_PROTOCOL]);
  const routes = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+) via (\S+)/.exec(line.trim());
    if (match) routes.set(match[1]!, match[2]!);
  }
  return routes;
}
