// The `kube-dns` Service in kube-system, as every Kubernetes cluster has: a fixed cluster IP
// that pods use as their nameserver. It has no endpoints: each node's agent answers that address
// itself (as NodeLocal DNSCache does), so a lookup never leaves the node.
import { formatIp, ignoring, isAlreadyExists, parseCidr, services } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { ControlPlaneConfig } from './config';

/** The nameserver pods get: --cluster-dns, else the tenth address of the Service range (kubeadm's choice). */
export function clusterDnsAddress(config: Pick<ControlPlaneConfig, 'clusterDns' | 'serviceCidr'>): string {
  return config.clusterDns ?? formatIp(parseCidr(config.serviceCidr).base + 10);
}

export async function ensureDnsService(registry: ObjectRegistry, config: ControlPlaneConfig): Promise<void> {
  const service = {
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS', 'kubernetes.io/cluster-service': 'true' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: clusterDnsAddress(config),
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
  };
  await registry.create(services, 'kube-system', service).catch(ignoring(isAlreadyExists));
}
