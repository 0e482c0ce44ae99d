// v1 Endpoints: the addresses behind a Service, kept by the endpoints controller.
import type { Endpoints } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import { defineResource } from '../../strategy';

/** Up to three ready ip:port pairs, then "+ N more...", as kubectl prints them. */
function endpointList(e: Endpoints): string {
  const pairs = (e.subsets ?? []).flatMap((s) =>
    (s.addresses ?? []).flatMap((a) => (s.ports ?? [{ port: 0 }]).map((p) => (p.port ? `${a.ip}:${p.port}` : a.ip))),
  );
  if (!pairs.length) return '<none>';
  return pairs.length > 3 ? `${pairs.slice(0, 3).join(',')} + ${pairs.length - 3} more...` : pairs.join(',');
}

const endpointsPrinter: Printer<Endpoints> = {
  columns: [nameColumn, column('Endpoints'), ageColumn],
  cells: (e, now) => [e.metadata.name, endpointList(e), age(e.metadata.creationTimestamp, now)],
};

export const endpoints = defineResource<Endpoints>({
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.Endpoints',
  shortNames: ['ep'],
  printer: endpointsPrinter,
});
