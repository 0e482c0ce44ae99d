// Gives each node a /24 (configurable) out of the cluster CIDR, remembered in its Node's
// spec.podCIDR so it survives restarts. One control plane allocates, under a lock.
import { type Cidr, formatCidr, parseCidr } from '@stevedore/api';
import type { Informer } from '@stevedore/controllers';

export class PodCidrAllocator {
  private readonly cluster: Cidr;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly given = new Map<string, string>();

  constructor(
    clusterCidr: string,
    private readonly nodes: Informer,
    private readonly nodeBits = 24,
  ) {
    this.cluster = parseCidr(clusterCidr);
    if (nodeBits < this.cluster.bits) throw new Error(`node mask /${nodeBits} is larger than the cluster CIDR ${clusterCidr}`);
  }

  /** The node's range: the one it already has, else the lowest free one. */
  allocate(node: string): Promise<string> {
    const result = this.lock.then(() => this.pick(node));
    // Not a swallow: the caller gets the error from `result`; the lock only waits for it to settle.
    this.lock = result.catch(() => undefined);
    return result;
  }

  private pick(node: string): string {
    const existing = this.nodes.get(undefined, node)?.spec?.podCIDR ?? this.given.get(node);
    if (existing) return existing;
    const used = new Set([...this.nodes.list().map((n) => n.spec?.podCIDR), ...this.given.values()].filter(Boolean));
    const count = 2 ** (this.nodeBits - this.cluster.bits);
    const size = 2 ** (32 - this.nodeBits);
    for (let i = 0; i < count; i++) {
      const cidr = formatCidr({ base: (this.cluster.base + i * size) >>> 0, bits: this.nodeBits });
      if (!used.has(cidr)) {
        this.given.set(node, cidr);
        return cidr;
      }
    }
    throw new Error('the cluster CIDR has no free node range left');
  }
}
