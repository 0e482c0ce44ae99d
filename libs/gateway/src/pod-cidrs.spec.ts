import { parseCidr } from '@stevedore/api';
import type { Informer } from '@stevedore/controllers';
import { Subject } from 'rxjs';
import { PodCidrAllocator } from './pod-cidrs';

function nodes(existing: Record<string, string>): Informer {
  const items = Object.entries(existing).map(([name, podCIDR]) => ({ metadata: { name }, spec: { podCIDR } }));
  return {
    list: () => items,
    get: (_ns: unknown, name: string) => items.find((n) => n.metadata.name === name),
    events: new Subject(),
  } as unknown as Informer;
}

describe('PodCidrAllocator', () => {
  it("hands out /24s of the cluster CIDR, skipping used ones, and keeps a node's range", async () => {
    const allocator = new PodCidrAllocator('198.19.0.0/16', nodes({ old: '198.19.0.0/24' }));
    expect(await allocator.allocate('old')).toBe('198.19.0.0/24');
    expect(await allocator.allocate('a')).toBe('198.19.1.0/24');
    expect(await allocator.allocate('b')).toBe('198.19.2.0/24');
    expect(await allocator.allocate('a')).toBe('198.19.1.0/24');
  });

  it('fails clearly when the range is exhausted and rejects bad CIDRs', async () => {
    const allocator = new PodCidrAllocator('198.19.0.0/23', nodes({}));
    await allocator.allocate('a');
    await allocator.allocate('b');
    await expect(allocator.allocate('c')).rejects.toThrow(/no free node range/);
    expect(() => parseCidr('198.19.0.0/33')).toThrow(/invalid CIDR/);
    expect(parseCidr('198.19.7.9/16')).toEqual({ base: parseCidr('198.19.0.0/16').base, bits: 16 });
  });
});
