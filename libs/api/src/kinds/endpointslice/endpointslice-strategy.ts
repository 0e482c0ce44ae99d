// discovery.k8s.io/v1 EndpointSlices: the endpoints behind a Service in slices of at most a
// hundred, each endpoint with its readiness, serving and terminating conditions. The
// endpointslice controller keeps them for Services with a selector and mirrors user-written
// Endpoints for the others; node proxies read them.
import type { EndpointSlice } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource } from '../../strategy';
import { endpointSliceRules } from './endpointslice-validation';

/** Label naming the Service a slice belongs to. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Label naming the controller that keeps a slice; others leave it alone. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

/** The first three, then "+ N more...", or `<unset>` for none, as kubectl prints slices. */
function firstThree(values: string[]): string {
  if (!values.length) return '<unset>';
  return values.length > 3 ? `${values.slice(0, 3).join(',')} + ${values.length - 3} more...` : values.join(',');
}

const printer: Printer<EndpointSlice> = {
  columns: [nameColumn, column('AddressType'), column('Ports'), column('Endpoints'), ageColumn],
  cells: (s, now) => [
    s.metadata.name,
    s.addressType,
    firstThree((s.ports ?? []).map((p) => (p.port === undefined ? '<unset>' : String(p.port)))),
    firstThree(s.endpoints.flatMap((e) => e.addresses)),
    age(s.metadata.creationTimestamp, now),
  ],
};

export const endpointSlices = defineResource<EndpointSlice>({
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  namespaced: true,
  definition: 'io.k8s.api.discovery.v1.EndpointSlice',
  printer,
  defaults: (slice) => {
    for (const port of slice.ports ?? []) {
      port.name ??= '';
      port.protocol ??= 'TCP';
    }
  },
  validate: (slice, old) => {
    const causes: Cause[] = [];
    endpointSliceRules(slice, old, causes);
    return causes;
  },
});
