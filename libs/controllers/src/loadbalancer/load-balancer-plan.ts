// The addresses of LoadBalancer Services and of our Ingresses, as pure functions of what the
// controller observes. As k3s' ServiceLB does by default, a LoadBalancer Service is reachable on
// every ready node's address (the nodes proxy its ports there); with a pool configured, each
// Service gets one address of its own from the pool instead. Ingresses served by the built-in
// controller are reachable on every ready node's address too.
import { type Cidr, formatIp, type Ingress, type Node, parseIp, type Service } from '@stevedore/api';

export type LoadBalancerIngress = { ip: string }[];

/** The InternalIP of every Ready node, sorted so the status does not churn. */
export function readyNodeAddresses(nodes: readonly Node[]): string[] {
  return nodes
    .filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((n) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address)
    .filter((a): a is string => !!a)
    .sort((a, b) => (parseIp(a) ?? 0) - (parseIp(b) ?? 0));
}

/** LoadBalancer Services this allocator serves: `loadBalancerClass` unset, as ServiceLB. */
export function isOurLoadBalancer(s: Service): boolean {
  return s.spec?.type === 'LoadBalancer' && !s.spec.loadBalancerClass;
}

const key = (s: { metadata: { namespace?: string; name?: string } }) => `${s.metadata.namespace}/${s.metadata.name}`;

/**
 * One address per Service from the pool: a Service keeps the pool address it already has (the
 * first to hold it, by creation time, when two claim the same one); the rest get the lowest free
 * ones. Services beyond the pool's size get none and stay `<pending>`, as upstream's do.
 */
export function allocatePool(services: readonly Service[], pool: Cidr): Map<string, string> {
  const size = 2 ** (32 - pool.bits);
  // A /31 or /32 pool uses every address; larger ones skip the network and broadcast addresses.
  const [first, last] = size <= 2 ? [0, size - 1] : [1, size - 2];
  const inPool = (ip: string | undefined) => {
    const n = ip === undefined ? undefined : parseIp(ip);
    return n !== undefined && n - pool.base >= first && n - pool.base <= last;
  };
  const ordered = [...services].sort(
    (a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || key(a).localeCompare(key(b)),
  );
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const s of ordered) {
    const held = s.status?.loadBalancer?.ingress?.[0]?.ip;
    if (held && inPool(held) && !taken.has(held)) {
      out.set(key(s), held);
      taken.add(held);
    }
  }
  let next = first;
  for (const s of ordered) {
    if (out.has(key(s))) continue;
    while (next <= last && taken.has(formatIp(pool.base + next))) next++;
    if (next > last) break;
    const ip = formatIp(pool.base + next);
    out.set(key(s), ip);
    taken.add(ip);
  }
  return out;
}

export interface LoadBalancerPlan {
  services: { namespace: string; name: string; ingress: LoadBalancerIngress }[];
  ingresses: { namespace: string; name: string; ingress: LoadBalancerIngress }[];
}

const same = (a: { ip?: string }[] | undefined, b: LoadBalancerIngress) =>
  JSON.stringify((a ?? []).map((x) => ({ ip: x.ip }))) === JSON.stringify(b);

/** The status writes that bring every served object's `status.loadBalancer.ingress` to what it should be. */
export function planLoadBalancers(observed: {
  services: readonly Service[];
  ingresses: readonly Ingress[];
  nodes: readonly Node[];
  pool?: Cidr;
}): LoadBalancerPlan {
  const nodeIps = readyNodeAddresses(observed.nodes).map((ip) => ({ ip }));
  const ours = observed.services.filter(isOurLoadBalancer);
  const pooled = observed.pool ? allocatePool(ours, observed.pool) : undefined;
  const services = ours.flatMap((s) => {
    const ip = pooled?.get(key(s));
    const want = pooled ? (ip ? [{ ip }] : []) : nodeIps;
    return same(s.status?.loadBalancer?.ingress, want) ? [] : [{ namespace: s.metadata.namespace!, name: s.metadata.name!, ingress: want }];
  });
  // A Service that stopped being a LoadBalancer loses the addresses it was given.
  for (const s of observed.services) {
    if (s.spec?.type !== 'LoadBalancer' && s.status?.loadBalancer?.ingress?.length)
      services.push({ namespace: s.metadata.namespace!, name: s.metadata.name!, ingress: [] });
  }
  const ingresses = observed.ingresses.flatMap((i) =>
    same(i.status?.loadBalancer?.ingress, nodeIps) ? [] : [{ namespace: i.metadata.namespace!, name: i.metadata.name!, ingress: nodeIps }],
  );
  return { services, ingresses };
}
