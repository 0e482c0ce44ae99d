// Prometheus HTTP service discovery (http_sd_configs) with the targets and __meta_kubernetes_*
// labels Prometheus' own Kubernetes discovery gives for the roles node and pod, so the usual
// relabelling rules work unchanged. It is for Prometheus builds without kubernetes_sd_configs
// (Debian's, for one); builds with it list and watch our API directly.
import type { ApiObject } from '@stevedore/apiserver';

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Label names as Prometheus sanitizes them: anything outside [a-zA-Z0-9_] becomes "_". */
export function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function mapLabels(prefix: string, kind: 'label' | 'annotation', map: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    out[`${prefix}_${kind}_${sanitize(key)}`] = value;
    out[`${prefix}_${kind}present_${sanitize(key)}`] = 'true';
  }
  return out;
}

const ADDRESS_PRIORITY = ['InternalIP', 'InternalDNS', 'ExternalIP', 'ExternalDNS', 'Hostname'];

export function nodeTargets(nodes: ApiObject[]): TargetGroup[] {
  return nodes.flatMap((node) => {
    const addresses = (node.status?.addresses ?? []) as { type: string; address: string }[];
    const address = ADDRESS_PRIORITY.map((type) => addresses.find((a) => a.type === type)).find(Boolean);
    if (!address) return [];
    const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
    const labels: Record<string, string> = {
      instance: node.metadata.name,
      __meta_kubernetes_node_name: node.metadata.name,
      __meta_kubernetes_node_provider_id: node.spec?.providerID ?? '',
      ...mapLabels('__meta_kubernetes_node', 'label', node.metadata.labels),
      ...mapLabels('__meta_kubernetes_node', 'annotation', node.metadata.annotations),
    };
    for (const a of addresses) labels[`__meta_kubernetes_node_address_${sanitize(a.type)}`] ??= a.address;
    return [{ targets: [`${address.address}:${port}`], labels }];
  });
}

function podLabels(pod: ApiObject): Record<string, string> {
  const controller = ((pod.metadata.ownerReferences ?? []) as { kind: string; name: string; controller?: boolean }[]).find(
    (r) => r.controller,
  );
  const ready = ((pod.status?.conditions ?? []) as { type: string; status: string }[]).find((c) => c.type === 'Ready')?.status ?? 'unknown';
  return {
    __meta_kubernetes_namespace: pod.metadata.namespace,
    __meta_kubernetes_pod_name: pod.metadata.name,
    __meta_kubernetes_pod_ip: pod.status.podIP,
    __meta_kubernetes_pod_ready: ready.toLowerCase(),
    __meta_kubernetes_pod_phase: pod.status?.phase ?? '',
    __meta_kubernetes_pod_node_name: pod.spec?.nodeName ?? '',
    __meta_kubernetes_pod_host_ip: pod.status?.hostIP ?? '',
    __meta_kubernetes_pod_uid: pod.metadata.uid,
    ...(controller
      ? { __meta_kubernetes_pod_controller_kind: controller.kind, __meta_kubernetes_pod_controller_name: controller.name }
      : {}),
    ...mapLabels('__meta_kubernetes_pod', 'label', pod.metadata.labels),
    ...mapLabels('__meta_kubernetes_pod', 'annotation', pod.metadata.annotations),
  };
}

/** One target per container port (podIP:port), or per container without ports (podIP); pods without an IP have none. */
export function podTargets(pods: ApiObject[]): TargetGroup[] {
  return pods
    .filter((pod) => pod.status?.podIP)
    .flatMap((pod) => {
      const base = podLabels(pod);
      const containers = [
        ...((pod.spec?.initContainers ?? []) as object[]).map((c) => ({ c, init: true })),
        ...((pod.spec?.containers ?? []) as object[]).map((c) => ({ c, init: false })),
      ] as { c: { name: string; image: string; ports?: { name?: string; containerPort: number; protocol?: string }[] }; init: boolean }[];
      return containers.flatMap(({ c, init }) => {
        const container = {
          ...base,
          __meta_kubernetes_pod_container_name: c.name,
          __meta_kubernetes_pod_container_image: c.image,
          __meta_kubernetes_pod_container_init: String(init),
        };
        if (!c.ports?.length) return [{ targets: [pod.status.podIP], labels: container }];
        return c.ports.map((p) => ({
          targets: [`${pod.status.podIP}:${p.containerPort}`],
          labels: {
            ...container,
            __meta_kubernetes_pod_container_port_name: p.name ?? '',
            __meta_kubernetes_pod_container_port_number: String(p.containerPort),
            __meta_kubernetes_pod_container_port_protocol: p.protocol ?? 'TCP',
          },
        }));
      });
    });
}
