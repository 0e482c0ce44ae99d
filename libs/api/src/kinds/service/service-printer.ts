import type { Service } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, none, type Printer } from '../../printing';

/** As kubectl: the external IPs, then the load balancer's addresses; `<pending>` while a LoadBalancer has none. */
function externalIps(s: Service): string {
  const lb = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname).filter((a): a is string => !!a);
  const all = [...(s.spec?.externalIPs ?? []), ...lb];
  if (s.spec?.type === 'LoadBalancer' && !all.length) return '<pending>';
  return all.join(',');
}

export const servicePrinter: Printer<Service> = {
  columns: [
    nameColumn,
    column('Type'),
    column('Cluster-IP'),
    column('External-IP'),
    column('Port(s)'),
    ageColumn,
    column('Selector', 'string', 1),
  ],
  cells: (s, now) => {
    const ports = (s.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
    const selector = Object.entries(s.spec?.selector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const external = s.spec?.type === 'ExternalName' ? s.spec.externalName : externalIps(s);
    return [
      s.metadata.name,
      s.spec?.type ?? 'ClusterIP',
      none(s.spec?.clusterIP),
      none(external),
      none(ports),
      age(s.metadata.creationTimestamp, now),
      none(selector),
    ];
  },
};
