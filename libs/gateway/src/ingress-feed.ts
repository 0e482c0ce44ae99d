// What every node's ingress proxy must know: each path of the Ingresses the built-in controller
// serves, resolved to its Service's ready endpoints (EndpointSlices), and the certificates of
// their `tls` sections (kubernetes.io/tls Secrets in the Ingress' namespace). Resolving here
// keeps the agents from holding every Service and slice of the cluster.
import type { EndpointSlice, Ingress, IngressBackend, IngressClass, Secret, Service } from '@stevedore/api';
import { type Informer, isOurIngress, ourClassNames } from '@stevedore/controllers';
import type { IngressCertificate, IngressRoute, IngressRoutes } from '@stevedore/proto';
import { ClusterFeed, slicesByService, targetsOf } from './cluster-feeds';

type Resolved = Pick<IngressRoute, 'backend' | 'backendFound' | 'endpoints'>;

/** A backend's Service port (by number or by name) and that port's ready endpoints. */
export function resolveBackend(
  namespace: string,
  backend: IngressBackend | undefined,
  services: ReadonlyMap<string, Service>,
  slices: ReadonlyMap<string, EndpointSlice[]>,
): Resolved {
  const ref = backend?.service;
  if (!ref) return { backend: `${namespace}/<resource>`, backendFound: false, endpoints: [] };
  const key = `${namespace}/${ref.name}`;
  const label = `${key}:${ref.port?.name ?? ref.port?.number ?? ''}`;
  const port = services.get(key)?.spec?.ports?.find((p) => (ref.port?.name ? p.name === ref.port.name : p.port === ref.port?.number));
  if (!port) return { backend: label, backendFound: false, endpoints: [] };
  const targets = targetsOf(slices.get(key) ?? [], port.name ?? '', port.protocol ?? 'TCP');
  return { backend: label, backendFound: true, endpoints: targets.sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port) };
}

export function ingressRoutesOf(
  ingress: Ingress,
  services: ReadonlyMap<string, Service>,
  slices: ReadonlyMap<string, EndpointSlice[]>,
): IngressRoute[] {
  const namespace = ingress.metadata.namespace!;
  const base = { ingress: `${namespace}/${ingress.metadata.name}`, created: ingress.metadata.creationTimestamp ?? '' };
  const routes: IngressRoute[] = (ingress.spec?.rules ?? []).flatMap((rule) =>
    (rule.http?.paths ?? []).map((p) => ({
      ...base,
      host: rule.host ?? '',
      path: p.path ?? '',
      pathType: p.pathType,
      ...resolveBackend(namespace, p.backend, services, slices),
    })),
  );
  if (ingress.spec?.defaultBackend)
    routes.push({ ...base, host: '', path: '', pathType: '', ...resolveBackend(namespace, ingress.spec.defaultBackend, services, slices) });
  return routes;
}

const TLS_TYPE = 'kubernetes.io/tls';

function certificatesOf(ingress: Ingress, secrets: ReadonlyMap<string, Secret>): IngressCertificate[] {
  const namespace = ingress.metadata.namespace!;
  return (ingress.spec?.tls ?? []).flatMap((tls) => {
    const secret = tls.secretName ? secrets.get(`${namespace}/${tls.secretName}`) : undefined;
    const cert = secret?.data?.['tls.crt'];
    const key = secret?.data?.['tls.key'];
    if (!secret || secret.type !== TLS_TYPE || !cert || !key) return [];
    return [
      {
        secret: `${namespace}/${tls.secretName}`,
        hosts: tls.hosts ?? [],
        certPem: Buffer.from(cert, 'base64').toString(),
        keyPem: Buffer.from(key, 'base64').toString(),
      },
    ];
  });
}

export interface IngressSources {
  ingresses: Informer<Ingress>;
  ingressClasses: Informer<IngressClass>;
  services: Informer<Service>;
  endpointSlices: Informer<EndpointSlice>;
  secrets: Informer<Secret>;
}

const byKey = <T extends { metadata: { namespace?: string; name?: string } }>(items: readonly T[]) =>
  new Map(items.map((i) => [`${i.metadata.namespace}/${i.metadata.name}`, i]));

export function ingressRoutes(sources: IngressSources): ClusterFeed<IngressRoutes> {
  return new ClusterFeed(Object.values(sources), () => {
    const ours = ourClassNames(sources.ingressClasses.list());
    const served = sources.ingresses
      .list()
      .filter((i) => isOurIngress(i, ours))
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    const services = byKey(sources.services.list());
    const slices = slicesByService(sources.endpointSlices.list());
    const secrets = byKey(sources.secrets.list().filter((s) => s.type === TLS_TYPE));
    return {
      routes: served.flatMap((i) => ingressRoutesOf(i, services, slices)),
      certificates: served.flatMap((i) => certificatesOf(i, secrets)),
    };
  });
}
