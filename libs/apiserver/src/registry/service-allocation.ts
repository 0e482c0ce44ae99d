// Cluster IPs and node ports for Services, handed out when a Service is written, as the
// Kubernetes API server does. What is taken is read from the stored Services each time (so a
// restart needs no separate bitmap), plus what this process handed out moments ago and may not
// be stored yet; one lock orders the assignments of this control plane.
import { type Cause, type Cidr, cidrContains, findResource, formatCidr, formatIp, invalid, parseCidr, parseIp } from '@stevedore/api';
import type { Store } from '@stevedore/store';
import type { ApiObject } from '../objects/api-object';
import { resourcePrefix } from './keys';

const SERVICES = findResource('', 'services')!;
/** Assignments not yet visible in the store stay reserved this long. */
const RESERVATION_MS = 60_000;

export interface ServiceRanges {
  /** Cluster IPs (Kubernetes' --service-cluster-ip-range). */
  serviceCidr: string;
  /** Inclusive, Kubernetes' default is 30000-32767. */
  nodePorts: { first: number; last: number };
}

type Port = { port: number; nodePort?: number };

export class ServiceAllocator {
  private readonly range: Cidr;
  /** Recently handed out: key -> when, and to which Service (namespace/name). */
  private readonly reserved = new Map<string, { at: number; owner: string }>();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly ranges: ServiceRanges,
  ) {
    this.range = parseCidr(ranges.serviceCidr);
  }

  /** Fills a new Service's clusterIP and node ports; requested ones must be free and in range. */
  assign(service: ApiObject, dryRun = false): Promise<void> {
    return this.locked(async () => {
      // A Service of the same name does not count: the create fails with AlreadyExists instead.
      const taken = await this.taken(nameOf(service));
      const spec = service.spec;
      const causes: Cause[] = [...this.checkPorts(spec, taken)];
      if (spec.type !== 'ExternalName') {
        if (!spec.clusterIP && spec.clusterIPs?.[0]) spec.clusterIP = spec.clusterIPs[0];
        if (spec.clusterIP && spec.clusterIP !== 'None') causes.push(...this.checkIp(spec.clusterIP, taken));
        if (!causes.length && !spec.clusterIP) spec.clusterIP = this.freeIp(taken, service);
        if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
      }
      if (causes.length) throw invalid('Service', service.metadata.name, causes);
      this.fillNodePorts(spec, taken, service);
      // A dry run shows what would be handed out, as kube-apiserver's dry-run allocator, and keeps it free.
      if (!dryRun) this.reserve(service);
    });
  }

  /** An update keeps the cluster IP (it is immutable) and gives new node ports where needed. */
  carryOver(current: ApiObject, next: ApiObject, dryRun = false): Promise<void> {
    return this.locked(async () => {
      const spec = next.spec;
      const was = current.spec.clusterIP;
      if (!spec.clusterIP && was && spec.type !== 'ExternalName') spec.clusterIP = was;
      if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
      const causes: Cause[] = [];
      if (was && spec.clusterIP !== was && spec.type !== 'ExternalName') {
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.clusterIP',
          message: `Invalid value: "${spec.clusterIP ?? ''}": field is immutable`,
        });
      }
      const taken = await this.taken(nameOf(current));
      causes.push(...this.checkPorts(spec, taken));
      if (causes.length) throw invalid('Service', next.metadata.name, causes);
      this.fillNodePorts(spec, taken, next, current.spec.ports ?? []);
      if (!dryRun) this.reserve(next);
    });
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const result = this.lock.then(work);
    // Not a swallow: the caller gets the error from `result`; the lock only waits for it to settle.
    this.lock = result.catch(() => undefined);
    return result;
  }

  /** IPs and node ports of every stored Service but `except` (namespace/name), and recent reservations. */
  private async taken(except: string): Promise<Set<string>> {
    const now = Date.now();
    for (const [key, { at }] of this.reserved) if (now - at > RESERVATION_MS) this.reserved.delete(key);
    const { items } = await this.store.list<ApiObject>(resourcePrefix(SERVICES));
    const keys = items.filter((s) => nameOf(s) !== except).flatMap((s) => keysOf(s.spec ?? {}));
    const reserved = [...this.reserved].filter(([, r]) => r.owner !== except).map(([key]) => key);
    return new Set([...keys, ...reserved]);
  }

  private reserve(service: ApiObject): void {
    for (const key of keysOf(service.spec)) this.reserved.set(key, { at: Date.now(), owner: nameOf(service) });
  }

  private checkIp(ip: string, taken: Set<string>): Cause[] {
    const address = parseIp(ip);
    if (address === undefined || !cidrContains(this.range, address) || address === this.range.base) {
      return [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.clusterIP',
          message: `Invalid value: "${ip}": provided IP is not in the valid range. The range of valid IPs is ${formatCidr(this.range)}`,
        },
      ];
    }
    if (taken.has(`ip:${ip}`))
      return [
        { reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${ip}": provided IP is already allocated` },
      ];
    return [];
  }

  private checkPorts(spec: ApiObject['spec'], taken: Set<string>): Cause[] {
    const { first, last } = this.ranges.nodePorts;
    const wantsNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    return ((spec.ports ?? []) as Port[]).flatMap((p, i): Cause[] => {
      const field = `spec.ports[${i}].nodePort`;
      if (p.nodePort === undefined || p.nodePort === 0) return [];
      if (!wantsNodePorts)
        return [{ reason: 'FieldValueForbidden', field, message: `Forbidden: may not be used when \`type\` is '${spec.type}'` }];
      if (p.nodePort < first || p.nodePort > last) {
        return [
          {
            reason: 'FieldValueInvalid',
            field,
            message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${first}-${last}`,
          },
        ];
      }
      if (taken.has(`port:${p.nodePort}`))
        return [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${p.nodePort}: provided port is already allocated` }];
      return [];
    });
  }

  private freeIp(taken: Set<string>, service: ApiObject): string {
    const size = 2 ** (32 - this.range.bits);
    // The network address is never handed out; the broadcast address is not either.
    for (let i = 1; i < size - 1; i++) {
      const ip = formatIp((this.range.base + i) >>> 0);
      if (!taken.has(`ip:${ip}`)) return ip;
    }
    throw invalid('Service', service.metadata.name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIP',
        message: `Internal error: no free cluster IP left in ${formatCidr(this.range)}`,
      },
    ]);
  }

  /** Ports of NodePort/LoadBalancer Services without one get the lowest free port (or keep their old one). */
  private fillNodePorts(spec: ApiObject['spec'], taken: Set<string>, service: ApiObject, previous: Port[] = []): void {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') return;
    const used = new Set(taken);
    for (const p of (spec.ports ?? []) as Port[]) {
      if (p.nodePort) continue;
      const old = previous.find((q) => q.port === p.port)?.nodePort;
      p.nodePort = old && !used.has(`port:${old}`) ? old : this.freePort(used, service);
      used.add(`port:${p.nodePort}`);
    }
  }

  private freePort(used: Set<string>, service: ApiObject): number {
    for (let port = this.ranges.nodePorts.first; port <= this.ranges.nodePorts.last; port++) if (!used.has(`port:${port}`)) return port;
    throw invalid('Service', service.metadata.name, [
      { reason: 'FieldValueInvalid', field: 'spec.ports', message: 'Internal error: no free node port left' },
    ]);
  }
}

function nameOf(service: ApiObject): string {
  return `${service.metadata.namespace}/${service.metadata.name}`;
}

function keysOf(spec: { clusterIP?: string; ports?: Port[] }): string[] {
  const ip = spec.clusterIP && spec.clusterIP !== 'None' ? [`ip:${spec.clusterIP}`] : [];
  return [...ip, ...(spec.ports ?? []).filter((p) => p.nodePort).map((p) => `port:${p.nodePort}`)];
}
