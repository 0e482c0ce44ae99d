// Which addresses and ports stand behind a Service: its selector's pods with an IP, ready ones
// in `addresses`, the rest in `notReadyAddresses`, grouped by the ports they resolve to (a named
// targetPort may map to different numbers on different pods).
import type { Pod, Service, ServicePort } from '@stevedore/api';
import { isReady, matchesLabels, podPhase } from '../common/pods';

type EndpointPort = { name?: string; port: number; protocol: string };
type Address = { ip: string; nodeName?: string; targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string } };
export type Subset = { addresses?: Address[]; notReadyAddresses?: Address[]; ports: EndpointPort[] };

/** Label on the Endpoints the controller keeps, so it removes only its own when the Service goes. */
export const MANAGED_LABEL = 'endpoints.stevedore.io/managed';

export function selectedPods(service: Service, pods: readonly Pod[]): Pod[] {
  const selector = service.spec?.selector;
  if (!selector || !Object.keys(selector).length) return [];
  return pods.filter(
    (p) =>
      p.metadata.namespace === service.metadata.namespace &&
      matchesLabels(selector, p.metadata.labels) &&
      !p.metadata.deletionTimestamp &&
      !['Succeeded', 'Failed'].includes(podPhase(p)) &&
      !!p.status?.podIP,
  );
}

export function endpointSubsets(service: Service, pods: readonly Pod[]): Subset[] {
  const byPorts = new Map<string, Subset>();
  for (const pod of selectedPods(service, pods)) {
    // selectedPods kept only pods with an IP; checked again here so the type knows it.
    const ip = pod.status?.podIP;
    const ports = resolvePorts(service.spec?.ports ?? [], pod);
    if (!ip || !ports.length) continue;
    const key = JSON.stringify(ports);
    const subset = byPorts.get(key) ?? { ports };
    byPorts.set(key, subset);
    const address: Address = {
      ip,
      nodeName: pod.spec.nodeName,
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! },
    };
    const ready = isReady(pod) || service.spec?.publishNotReadyAddresses === true;
    const field = ready ? 'addresses' : 'notReadyAddresses';
    subset[field] ??= [];
    subset[field].push(address);
  }
  const subsets = [...byPorts.values()];
  for (const s of subsets) {
    s.addresses?.sort((a, b) => a.ip.localeCompare(b.ip));
    s.notReadyAddresses?.sort((a, b) => a.ip.localeCompare(b.ip));
  }
  return subsets.sort((a, b) => JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)));
}

/** The service's ports as this pod serves them; a named targetPort the pod lacks drops that port. */
export function resolvePorts(ports: readonly ServicePort[], pod: Pod): EndpointPort[] {
  const resolved: EndpointPort[] = [];
  for (const p of ports) {
    const target = p.targetPort ?? p.port;
    const number = typeof target === 'number' ? target : namedPort(pod, target);
    if (number) resolved.push({ ...(p.name ? { name: p.name } : {}), port: number, protocol: p.protocol ?? 'TCP' });
  }
  return resolved;
}

function namedPort(pod: Pod, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  for (const c of pod.spec.containers ?? []) {
    const found = (c.ports ?? []).find((p) => p.name === name);
    if (found?.containerPort) return found.containerPort;
  }
  return undefined;
}
