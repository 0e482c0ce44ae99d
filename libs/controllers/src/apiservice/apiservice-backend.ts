// Where an aggregated APIService's requests go: its Service's port, then one ready address of the
// Service's Endpoints with the same port name, as kube-aggregator resolves it. The reasons and
// messages of a failure are those the Available condition shows on Kubernetes.
import type { APIService, Endpoints, Service } from '@stevedore/api';

export interface Backend {
  host: string;
  port: number;
  /** The name its serving certificate must carry: `<service>.<namespace>.svc`. */
  serverName: string;
}

export type Resolution = { backend: Backend } | { reason: string; message: string };

export interface ServiceLookup {
  service(namespace: string, name: string): Service | undefined;
  endpoints(namespace: string, name: string): Endpoints | undefined;
}

export function resolveBackend(api: APIService, lookup: ServiceLookup, pick: (n: number) => number = random): Resolution {
  const ref = api.spec?.service;
  if (!ref) return { reason: 'Local', message: 'Local APIServices are always available' };
  const namespace = ref.namespace ?? '';
  const name = ref.name ?? '';
  const wantedPort = ref.port ?? 443;
  const service = lookup.service(namespace, name);
  if (!service) return { reason: 'ServiceNotFound', message: `service/${name} in "${namespace}" is not present` };
  const port = service.spec?.ports?.find((p) => p.port === wantedPort);
  if (!port) return { reason: 'ServicePortError', message: `service/${name} in "${namespace}" is not listening on port ${wantedPort}` };
  const endpoints = lookup.endpoints(namespace, name);
  if (!endpoints) return { reason: 'EndpointsNotFound', message: `cannot find endpoints for service/${name} in "${namespace}"` };
  const candidates: { host: string; port: number }[] = [];
  for (const subset of endpoints.subsets ?? []) {
    const ep = subset.ports?.find((p) => (p.name ?? '') === (port.name ?? ''));
    if (!ep) continue;
    for (const address of subset.addresses ?? []) candidates.push({ host: address.ip, port: ep.port });
  }
  if (!candidates.length)
    return {
      reason: 'MissingEndpoints',
      message: `endpoints for service/${name} in "${namespace}" have no addresses with port name "${port.name ?? ''}"`,
    };
  return { backend: { ...candidates[pick(candidates.length)]!, serverName: `${name}.${namespace}.svc` } };
}

function random(n: number): number {
  return Math.floor(Math.random() * n);
}
