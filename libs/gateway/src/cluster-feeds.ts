// What every networked agent must know about the whole cluster, derived from informers and sent
// whole whenever it changes: other nodes' pod ranges (for routes) and Services with their ready
// endpoints from their EndpointSlices (for the node's service proxy).

import { SERVICE_NAME_LABEL } from '@stevedore/api';
import type { ApiObject } from '@stevedore/apiserver';
import type { Informer } from '@stevedore/controllers';
import type { PeerRoute, ServiceProxy } from '@stevedore/proto';
import { BehaviorSubject, concat, merge, type Observable, type Subscription, skip, take, throttleTime } from 'rxjs';

/** The first change at once, then the latest at most once per window: a lone change is never held back. */
const throttled = <V>(ms: number) => throttleTime<V>(ms, undefined, { leading: true, trailing: true });

/** A value computed from informers, re-emitted only when it really changes. */
export class ClusterFeed<T> {
  private readonly value: BehaviorSubject<T>;
  private readonly subscription: Subscription;
  private serialized: string;

  /**
   * Recomputed at most every `settleMs` while its sources change: a value over all nodes,
   * recomputed on each of their status writes, cost O(nodes²) at a thousand nodes.
   */
  constructor(
    sources: { events: Observable<unknown> }[],
    private readonly compute: () => T,
    settleMs = 200,
  ) {
    const first = compute();
    this.value = new BehaviorSubject(first);
    this.serialized = JSON.stringify(first);
    this.subscription = merge(...sources.map((s) => s.events))
      .pipe(throttled(settleMs))
      .subscribe(() => this.refresh());
  }

  /**
   * The current value, then changes at most once a second: when many nodes join at once every
   * session would otherwise receive the whole list once per joining node. A lone change (a new
   * Service) goes out at once, so pods started just after it find it in their environment.
   */
  get changes$(): Observable<T> {
    return concat(this.value.pipe(take(1)), this.value.pipe(skip(1), throttled<T>(1000)));
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private refresh(): void {
    const next = this.compute();
    const serialized = JSON.stringify(next);
    if (serialized === this.serialized) return;
    this.serialized = serialized;
    this.value.next(next);
  }
}

export function routeOf(node: ApiObject): PeerRoute | undefined {
  const podCidr = node.spec?.podCIDR as string | undefined;
  const addresses = (node.status?.addresses ?? []) as { type: string; address: string }[];
  const hostIp = addresses.find((a) => a.type === 'InternalIP')?.address;
  return podCidr && hostIp ? { nodeName: node.metadata.name, podCidr, hostIp } : undefined;
}

/** Every node's pod range and host address, sorted by node name. */
export function peerRoutes(nodes: Informer): ClusterFeed<PeerRoute[]> {
  return new ClusterFeed([nodes], () =>
    nodes
      .list()
      .map(routeOf)
      .filter((r): r is PeerRoute => !!r)
      .sort((a, b) => a.nodeName.localeCompare(b.nodeName)),
  );
}

type SlicePort = { name?: string; port?: number; protocol?: string };
type SliceEndpoint = {
  addresses: string[];
  nodeName?: string;
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
};
type Slice = { ports?: SlicePort[]; endpoints: SliceEndpoint[] };

/**
 * The endpoints to send a port's traffic to: the ready ones, or when none is ready the ones
 * still serving while they terminate, as kube-proxy does, so a rolling restart of the last pod
 * does not drop connections. A missing `ready` means ready.
 */
export function targetsOf(slices: readonly Slice[], name: string, protocol: string): ServiceProxy['endpoints'] {
  const withPort = slices.flatMap((s) => {
    const port = (s.ports ?? []).find((q) => (q.name ?? '') === name && (q.protocol ?? 'TCP') === protocol)?.port;
    return port ? s.endpoints.map((e) => ({ e, port })) : [];
  });
  const ready = withPort.filter(({ e }) => e.conditions?.ready !== false);
  const chosen = ready.length ? ready : withPort.filter(({ e }) => e.conditions?.serving && e.conditions?.terminating);
  return chosen.flatMap(({ e, port }) => e.addresses.map((ip) => ({ ip, port, nodeName: e.nodeName ?? '' })));
}

/** Kubernetes' default sessionAffinityConfig.clientIP.timeoutSeconds: three hours. */
const DEFAULT_AFFINITY_SECONDS = 10800;

/** The traffic policies the node proxies honour: client affinity, and Local for external and internal traffic. */
function trafficPolicies(spec: Record<string, any>): Pick<ServiceProxy, 'affinitySeconds' | 'externalLocal' | 'internalLocal'> {
  const affinity = spec.sessionAffinity === 'ClientIP';
  return {
    affinitySeconds: affinity ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) : 0,
    externalLocal: spec.externalTrafficPolicy === 'Local' && (spec.type === 'NodePort' || spec.type === 'LoadBalancer'),
    internalLocal: spec.internalTrafficPolicy === 'Local',
  };
}

/** One entry per port of every Service with a cluster IP, with the endpoints of that port. */
export function serviceProxiesOf(service: ApiObject, slices: readonly ApiObject[]): ServiceProxy[] {
  const spec = service.spec ?? {};
  if (!spec.clusterIP || spec.clusterIP === 'None' || spec.type === 'ExternalName') return [];
  return (spec.ports ?? []).map((p: { name?: string; port: number; protocol?: string; nodePort?: number }) => {
    const protocol = p.protocol ?? 'TCP';
    const targets = targetsOf(slices as unknown as Slice[], p.name ?? '', protocol);
    return {
      name: `${service.metadata.namespace}/${service.metadata.name}:${p.name || p.port}`,
      clusterIp: spec.clusterIP,
      port: p.port,
      protocol,
      nodePort: p.nodePort ?? 0,
      loadBalancerIps: loadBalancerIpsOf(service),
      endpoints: targets.sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port),
      ...trafficPolicies(spec),
    };
  });
}

/** A LoadBalancer Service's addresses (the allocator's node or pool addresses), which nodes proxy like its cluster IP. */
function loadBalancerIpsOf(service: ApiObject): string[] {
  if (service.spec?.type !== 'LoadBalancer') return [];
  const ingress = (service.status?.loadBalancer?.ingress ?? []) as { ip?: string }[];
  return ingress.map((i) => i.ip).filter((ip): ip is string => !!ip);
}

type Labelled = { metadata: { namespace?: string; labels?: Record<string, string> } };

/** Slices by `namespace/service`, from the label that names their Service. */
export function slicesByService<T extends Labelled>(slices: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const slice of slices) {
    const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const key = `${slice.metadata.namespace}/${service}`;
    out.set(key, [...(out.get(key) ?? []), slice]);
  }
  return out;
}

export function serviceProxies(services: Informer, slices: Informer): ClusterFeed<ServiceProxy[]> {
  return new ClusterFeed([services, slices], () => {
    const byService = slicesByService(slices.list());
    return (
      services
        .list()
        .flatMap((s) => serviceProxiesOf(s, byService.get(`${s.metadata.namespace}/${s.metadata.name}`) ?? []))
        // By Service only: the sort is stable, so each Service's ports keep their order (the first is its main port).
        .sort((a, b) => serviceOf(a).localeCompare(serviceOf(b)))
    );
  });
}

function serviceOf(entry: ServiceProxy): string {
  return entry.name.slice(0, entry.name.lastIndexOf(':'));
}
