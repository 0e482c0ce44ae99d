// What a Service's EndpointSlices should hold: endpoints grouped by the ports they serve, each
// with Kubernetes' conditions. From pods for a Service with a selector; mirrored from the
// Endpoints a user wrote for one without.
import type { Endpoint, EndpointAddress, EndpointPort, Endpoints, Pod, Service } from '@stevedore/api';
import { isReady, matchesLabels, podPhase } from '../common/pods';
import { resolvePorts } from '../endpoints/endpoints-plan';

/** The contents of one slice, before it is cut to size. */
export interface SliceContents {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/** Pods the Service selects that could take traffic now or did until they began terminating. */
function candidatePods(service: Service, pods: readonly Pod[]): Pod[] {
  const selector = service.spec?.selector ?? {};
  return pods.filter(
    (p) =>
      p.metadata.namespace === service.metadata.namespace &&
      matchesLabels(selector, p.metadata.labels) &&
      !['Succeeded', 'Failed'].includes(podPhase(p)) &&
      !!p.status?.podIP,
  );
}

function podEndpoint(service: Service, pod: Pod): Endpoint {
  const terminating = !!pod.metadata.deletionTimestamp;
  const serving = isReady(pod) || service.spec?.publishNotReadyAddresses === true;
  const endpoint: Endpoint = {
    addresses: [pod.status!.podIP!],
    conditions: { ready: serving && !terminating, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec.nodeName) endpoint.nodeName = pod.spec.nodeName;
  // A pod's own DNS name under a headless Service: `hostname.subdomain.namespace.svc`.
  if (pod.spec.hostname && pod.spec.subdomain === service.metadata.name) endpoint.hostname = pod.spec.hostname;
  return endpoint;
}

function grouped(entries: { ports: EndpointPort[]; endpoint: Endpoint }[]): SliceContents[] {
  const byPorts = new Map<string, SliceContents>();
  for (const { ports, endpoint } of entries) {
    const key = JSON.stringify(ports);
    const group = byPorts.get(key) ?? { ports, endpoints: [] };
    byPorts.set(key, group);
    group.endpoints.push(endpoint);
  }
  const groups = [...byPorts.values()];
  for (const g of groups) g.endpoints.sort((a, b) => a.addresses[0]!.localeCompare(b.addresses[0]!));
  return groups.sort((a, b) => JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)));
}

export function sliceContentsFromPods(service: Service, pods: readonly Pod[]): SliceContents[] {
  const entries = candidatePods(service, pods).flatMap((pod) => {
    const ports: EndpointPort[] = resolvePorts(service.spec?.ports ?? [], pod).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol,
    }));
    // A Service without ports still lists its pods (headless Services used only for DNS).
    return ports.length || !service.spec?.ports?.length ? [{ ports, endpoint: podEndpoint(service, pod) }] : [];
  });
  return grouped(entries);
}

function mirroredEndpoint(address: EndpointAddress, ready: boolean): Endpoint {
  const endpoint: Endpoint = { addresses: [address.ip], conditions: { ready } };
  if (address.hostname) endpoint.hostname = address.hostname;
  if (address.nodeName) endpoint.nodeName = address.nodeName;
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  return endpoint;
}

/** Mirrors user-written Endpoints, as Kubernetes' endpointslice-mirroring controller does. */
export function sliceContentsFromEndpoints(endpoints: Endpoints): SliceContents[] {
  const entries = (endpoints.subsets ?? []).flatMap((subset) => {
    const ports: EndpointPort[] = (subset.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
    return [
      ...(subset.addresses ?? []).map((a) => ({ ports, endpoint: mirroredEndpoint(a, true) })),
      ...(subset.notReadyAddresses ?? []).map((a) => ({ ports, endpoint: mirroredEndpoint(a, false) })),
    ];
  });
  return grouped(entries);
}
