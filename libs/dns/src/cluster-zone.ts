// Answers for names in the cluster domain, as CoreDNS' kubernetes plugin gives them:
//   SVC.NS.svc.DOMAIN            A: the cluster IP, or each endpoint of a headless Service;
//                                CNAME for an ExternalName Service
//   HOST.SVC.NS.svc.DOMAIN       A: a headless Service's endpoint, by pod hostname or dashed IP
//   _PORT._PROTO.SVC.NS.svc...   SRV: a named port (SVC.NS.svc... SRV lists every port)
//   A-B-C-D.NS.pod.DOMAIN        A: the address the name spells
//   D.C.B.A.in-addr.arpa         PTR: the Service or endpoint with that address
// A name under the domain that holds nothing is NXDOMAIN; one that exists with other types, or
// has names below it, answers with no records (NODATA). Names outside are not ours.
import type { SrvAnswer, StringAnswer } from 'dns-packet';
import { type DnsServiceRecord, isHeadless } from './cluster-records';
import type { Records, Rr } from './messages';

/** Seconds clients may keep an answer (CoreDNS' default). */
export const TTL = 5;

export interface ZoneAnswer extends Records {
  /** An ExternalName's target, which the server resolves further. */
  cname?: string;
}

/** What one name holds. */
interface ZoneNode {
  addresses?: string[];
  cname?: string;
  srv?: { port: number; target: string; ip?: string }[];
  apex?: boolean;
}

const dashed = (ip: string) => ip.replaceAll('.', '-');
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export class ClusterZone {
  private services = new Map<string, DnsServiceRecord>();
  private namespaces = new Set<string>();
  private reverse = new Map<string, string>();
  private synced = false;
  /** Counts the replacements, so answers derived from the zone know when they went stale. */
  generation = 0;

  constructor(readonly domain = 'cluster.local') {}

  /** Replaces everything the zone knows; until the first call, cluster names answer SERVFAIL. */
  replace(records: readonly DnsServiceRecord[]): void {
    this.services = new Map(records.map((s) => [`${s.namespace}/${s.name}`, s]));
    this.namespaces = new Set(records.map((s) => s.namespace));
    this.reverse = new Map();
    for (const s of records) {
      if (s.clusterIp && s.clusterIp !== 'None') this.reverse.set(s.clusterIp, this.serviceName(s));
      if (isHeadless(s)) for (const e of s.endpoints) this.reverse.set(e.ip, this.endpointName(s, e.ip, e.hostname));
    }
    this.synced = true;
    this.generation++;
  }

  /** The answer for a question, or undefined when the name is not the cluster's (forward it). */
  answer(qname: string, qtype: string): ZoneAnswer | undefined {
    const name = qname.toLowerCase().replace(/\.$/, '');
    if (name.endsWith('.in-addr.arpa')) return this.reverseAnswer(name, qtype);
    if (name !== this.domain && !name.endsWith(`.${this.domain}`)) return undefined;
    if (!this.synced) return { rcode: 'SERVFAIL', answers: [], authorities: [], additionals: [] };
    const labels =
      name === this.domain
        ? []
        : name
            .slice(0, -this.domain.length - 1)
            .split('.')
            .reverse();
    const node = this.lookup(labels);
    if (!node) return this.negative('NXDOMAIN');
    return this.records(name, qtype, node);
  }

  private lookup(labels: string[]): ZoneNode | undefined {
    const [zone, namespace, ...rest] = labels;
    if (zone === undefined) return { apex: true };
    if (zone === 'pod') return this.podLookup(namespace, rest);
    if (zone !== 'svc') return undefined;
    if (namespace === undefined) return {};
    if (!this.namespaces.has(namespace)) return undefined;
    const [name, ...below] = rest;
    if (name === undefined) return {};
    const service = this.services.get(`${namespace}/${name}`);
    return service && this.serviceLookup(service, below);
  }

  private podLookup(namespace: string | undefined, rest: string[]): ZoneNode | undefined {
    if (namespace === undefined) return {};
    if (!rest.length) return {};
    const ip = rest.length === 1 ? rest[0]!.replaceAll('-', '.') : '';
    return IPV4.test(ip) ? { addresses: [ip] } : undefined;
  }

  private serviceLookup(s: DnsServiceRecord, below: string[]): ZoneNode | undefined {
    if (!below.length) {
      if (s.externalName) return { cname: s.externalName.toLowerCase().replace(/\.$/, '') };
      return { addresses: this.addresses(s), srv: this.srv(s, () => true) };
    }
    const [first, second] = below;
    if (below.length === 1 && first!.startsWith('_')) return this.protocols(s).has(first!) ? {} : undefined;
    if (below.length === 1) {
      const endpoint = isHeadless(s) ? s.endpoints.find((e) => e.hostname === first || dashed(e.ip) === first) : undefined;
      return endpoint && { addresses: [endpoint.ip] };
    }
    if (below.length !== 2 || !first!.startsWith('_') || !second!.startsWith('_')) return undefined;
    const matches = (p: { name: string; protocol: string }) => `_${p.protocol.toLowerCase()}` === first && `_${p.name}` === second;
    const srv = this.srv(s, matches);
    return srv.length ? { srv } : undefined;
  }

  private protocols(s: DnsServiceRecord): Set<string> {
    return new Set(s.ports.filter((p) => p.name).map((p) => `_${p.protocol.toLowerCase()}`));
  }

  private addresses(s: DnsServiceRecord): string[] {
    return isHeadless(s) ? [...new Set(s.endpoints.map((e) => e.ip))] : [s.clusterIp];
  }

  /** SRV targets for the named ports `matches` accepts: the Service, or each endpoint if headless. */
  private srv(s: DnsServiceRecord, matches: (p: { name: string; protocol: string }) => boolean): NonNullable<ZoneNode['srv']> {
    if (!isHeadless(s)) return s.ports.filter((p) => p.name && matches(p)).map((p) => ({ port: p.port, target: this.serviceName(s) }));
    return s.endpoints.flatMap((e) =>
      e.ports.filter((p) => p.name && matches(p)).map((p) => ({ port: p.port, target: this.endpointName(s, e.ip, e.hostname), ip: e.ip })),
    );
  }

  private records(name: string, qtype: string, node: ZoneNode): ZoneAnswer {
    const out: ZoneAnswer = { rcode: 'NOERROR', answers: [], authorities: [], additionals: [] };
    if (node.cname) {
      out.answers.push({ name, type: 'CNAME', ttl: TTL, data: node.cname } as StringAnswer);
      out.cname = node.cname;
      return out;
    }
    if ((qtype === 'A' || qtype === 'ANY') && node.addresses) {
      for (const ip of node.addresses) out.answers.push({ name, type: 'A', ttl: TTL, data: ip });
    }
    if ((qtype === 'SRV' || qtype === 'ANY') && node.srv) {
      const weight = Math.max(1, Math.floor(100 / node.srv.length));
      for (const { port, target, ip } of node.srv) {
        out.answers.push({ name, type: 'SRV', ttl: TTL, data: { priority: 0, weight, port, target } } as SrvAnswer);
        const address = ip ?? this.addressOf(target);
        if (address) out.additionals.push({ name: target, type: 'A', ttl: TTL, data: address });
      }
    }
    if (node.apex && qtype === 'SOA') out.answers.push(this.soa());
    if (node.apex && qtype === 'NS') out.answers.push({ name: this.domain, type: 'NS', ttl: TTL, data: `ns.dns.${this.domain}` });
    if (!out.answers.length) out.authorities.push(this.soa());
    return out;
  }

  private addressOf(fqdn: string): string | undefined {
    const [name, namespace] = fqdn.split('.');
    const service = this.services.get(`${namespace}/${name}`);
    return service && !isHeadless(service) ? service.clusterIp : undefined;
  }

  private reverseAnswer(name: string, qtype: string): ZoneAnswer | undefined {
    const octets = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (octets.length !== 4) return undefined;
    const target = this.reverse.get(octets.reverse().join('.'));
    if (!target) return undefined;
    const answers: Rr[] = qtype === 'PTR' || qtype === 'ANY' ? [{ name, type: 'PTR', ttl: TTL, data: target } as StringAnswer] : [];
    return { rcode: 'NOERROR', answers, authorities: answers.length ? [] : [this.soa()], additionals: [] };
  }

  private negative(rcode: 'NXDOMAIN'): ZoneAnswer {
    return { rcode, answers: [], authorities: [this.soa()], additionals: [] };
  }

  private soa(): Rr {
    return {
      name: this.domain,
      type: 'SOA',
      ttl: TTL,
      data: {
        mname: `ns.dns.${this.domain}`,
        rname: `hostmaster.${this.domain}`,
        serial: Math.floor(Date.now() / 1000),
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: TTL,
      },
    };
  }

  private serviceName(s: DnsServiceRecord): string {
    return `${s.name}.${s.namespace}.svc.${this.domain}`;
  }

  private endpointName(s: DnsServiceRecord, ip: string, hostname: string): string {
    return `${hostname || dashed(ip)}.${this.serviceName(s)}`;
  }
}
