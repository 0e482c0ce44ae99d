// The `kubernetes` Service in the default namespace, as every Kubernetes cluster has: the first
// cluster IP, port 443, leading to the API server, so pods can reach the API by that address.
import { endpoints, formatIp, ignoring, isAlreadyExists, isNotFound, parseCidr, services } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { ControlPlaneConfig } from './config';

export async function ensureApiService(registry: ObjectRegistry, config: ControlPlaneConfig): Promise<void> {
  const clusterIP = formatIp(parseCidr(config.serviceCidr).base + 1);
  const service = {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: config.apiPort }] },
  };
  await registry.create(services, 'default', service).catch(ignoring(isAlreadyExists));
  // Pods cannot reach a loopback address (or an unknown port): then the Service has no endpoints.
  if (config.bindAddress.startsWith('127.') || config.bindAddress === '0.0.0.0' || !config.apiPort) return;
  const subsets = [{ addresses: [{ ip: config.bindAddress }], ports: [{ name: 'https', port: config.apiPort, protocol: 'TCP' }] }];
  const current = await registry.get(endpoints, 'default', 'kubernetes').catch(ignoring(isNotFound));
  if (!current)
    await registry
      .create(endpoints, 'default', { metadata: { name: 'kubernetes', namespace: 'default' }, subsets })
      .catch(ignoring(isAlreadyExists));
  else if (JSON.stringify(current.subsets) !== JSON.stringify(subsets))
    await registry.update(endpoints, 'default', 'kubernetes', { ...current, subsets });
}
