// The node's cluster DNS: a server on the pod bridge's own address, port 53, answering cluster
// names from what the control plane sends and forwarding the rest to the node's resolvers. The
// node's Service proxy sends the kube-dns address there, so every pod's lookups are answered on
// its own node, as Kubernetes' NodeLocal DNSCache does, and keep working while the control plane
// is away.
import { ClusterZone, DnsMetrics, DnsServer, type DnsServiceRecord, Forwarder, type Upstream } from '@stevedore/dns';
import type { Logger } from '@stevedore/log';
import type { Registry } from 'prom-client';

export const DNS_PORT = 53;

export interface NodeDnsOptions {
  upstreams: Upstream[];
  registry: Registry;
  log: Logger;
}

export class NodeDns {
  private zone?: ClusterZone;
  private server?: DnsServer;
  private latest: DnsServiceRecord[] | undefined;
  private readonly metrics: DnsMetrics;
  /** Where it listens, once it does. */
  address?: string;

  constructor(private readonly options: NodeDnsOptions) {
    this.metrics = new DnsMetrics(options.registry);
  }

  /** Starts listening on `address` for names under `domain`; a second call while listening does nothing. */
  async listen(address: string, domain: string): Promise<void> {
    if (this.server) return;
    const zone = new ClusterZone(domain);
    if (this.latest) zone.replace(this.latest);
    const forwarder = new Forwarder({ upstreams: this.options.upstreams });
    const server = new DnsServer({ address, port: DNS_PORT, zone, forwarder, metrics: this.metrics, log: this.options.log });
    await server.start();
    this.zone = zone;
    this.server = server;
    this.address = address;
    this.options.log.info('serving cluster DNS', { address, domain, upstreams: this.options.upstreams.map((u) => `${u.host}:${u.port}`) });
  }

  update(services: DnsServiceRecord[]): void {
    this.latest = services;
    this.zone?.replace(services);
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}
