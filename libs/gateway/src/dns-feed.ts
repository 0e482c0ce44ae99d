// What every node's DNS server must know: each Service's address, ports and external name, and
// for headless Services the ready endpoints behind them, from their EndpointSlices.
import type { EndpointSlice, Service } from '@stevedore/api';
import type { Informer } from '@stevedore/controllers';
import type { DnsService } from '@stevedore/proto';
import { ClusterFeed, slicesByService } from './cluster-feeds';

type DnsPort = DnsService['ports'][number];
type DnsEndpoint = DnsService['endpoints'][number];

const isHeadless = (s: Service) => s.spec?.type !== 'ExternalName' && (!s.spec?.clusterIP || s.spec.clusterIP === 'None');

function endpointsOf(slices: readonly EndpointSlice[]): DnsEndpoint[] {
  return slices.flatMap((slice) => {
    const ports: DnsPort[] = (slice.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP' }));
    // A missing `ready` means ready; the slice controller already counts publishNotReadyAddresses as ready.
    return slice.endpoints
      .filter((e) => e.conditions?.ready !== false)
      .flatMap((e) => e.addresses.map((ip) => ({ ip, hostname: e.hostname ?? '', ports })));
  });
}

export function dnsServiceOf(service: Service, slices: readonly EndpointSlice[]): DnsService {
  const spec = service.spec ?? {};
  return {
    namespace: service.metadata.namespace!,
    name: service.metadata.name!,
    clusterIp: spec.type === 'ExternalName' ? '' : (spec.clusterIP ?? ''),
    externalName: spec.type === 'ExternalName' ? (spec.externalName ?? '') : '',
    ports: (spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: isHeadless(service) ? endpointsOf(slices).sort((a, b) => a.ip.localeCompare(b.ip)) : [],
  };
}

export function clusterDns(services: Informer<Service>, slices: Informer<EndpointSlice>): ClusterFeed<DnsService[]> {
  return new ClusterFeed([services, slices], () => {
    const byService = slicesByService(slices.list());
    return services
      .list()
      .map((s) => dnsServiceOf(s, byService.get(`${s.metadata.namespace}/${s.metadata.name}`) ?? []))
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  });
}
