import type { Service } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, none, type Printer } from '../../printing';

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
    const external = s.spec?.type === 'ExternalName' ? s.spec.externalName : (s.spec?.externalIPs ?? []).join(',');
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
