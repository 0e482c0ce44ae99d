// Gives each node a /24 (configurable) out of the cluster CIDR, remembered in its Node's
// spec.podCIDR so it survives restarts. One control plane allocates, under a lock.
import type { Informer } from '@stevedore/controllers';

export function parseCidr(cidr: string): { base: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid CIDR "${cidr}"`);
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) throw new Error(`invalid CIDR "${cidr}"`);
  const base = (((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, bits };
}

function format(address: number, bits: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${bits}`;
}

export class PodCidrAllocator {
  private readonly cluster: { base: number; bits: number };
  private lock: Promise<unknown> = Promise.resolve();
  private readonly given = new Map<string, string>();

  constructor(clusterCidr: string, private readonly nodes: Informer, private readonly nodeBits = 24) {
    this.cluster = parseCidr(clusterCidr);
    if (nodeBits < this.cluster.bits) throw new Error(`node mask /${nodeBits} is larger than the cluster CIDR ${clusterCidr}`);
  }

  /** The node's range: the one it already has, else the lowest free one. */
  allocate(node: string): Promise<string> {
    const result = this.lock.then(() => this.pick(node));
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
      const cidr = format((this.cluster.base + i * size) >>> 0, this.nodeBits);
      if (!used.has(cidr)) {
        this.given.set(node, cidr);
        return cidr;
      }
    }
    throw new Error('the cluster CIDR has no free node range left');
  }
}
