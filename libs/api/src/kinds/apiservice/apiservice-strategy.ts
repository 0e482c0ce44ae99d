// apiregistration.k8s.io/v1 APIServices: which group-versions the API server serves itself
// (`service` empty: Local) and which it proxies to a Service's endpoints (API aggregation). The
// availability controller keeps the Available condition; the printer shows it as kubectl does.
import type { APIService } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import { defineResource, subresource } from '../../strategy';
import { apiServiceRules, pathSegmentProblem } from './apiservice-validation';

/** The group an APIService names ('' for the legacy core group). */
export function apiServiceGroupVersion(api: APIService): { group: string; version: string } {
  return { group: api.spec?.group ?? '', version: api.spec?.version ?? '' };
}

/** The Available condition, if the controller has written one. */
export function availableCondition(api: APIService) {
  return api.status?.conditions?.find((c) => c.type === 'Available');
}

const printer: Printer<APIService> = {
  columns: [nameColumn, column('Service'), column('Available'), ageColumn],
  cells: (api, now) => {
    const s = api.spec?.service;
    const available = availableCondition(api);
    const shown = !available ? 'Unknown' : available.status === 'True' ? 'True' : `${available.status} (${available.reason ?? ''})`;
    return [api.metadata.name, s ? `${s.namespace}/${s.name}` : 'Local', shown, age(api.metadata.creationTimestamp, now)];
  },
};

export const apiServices = defineResource<APIService>({
  group: 'apiregistration.k8s.io',
  version: 'v1',
  kind: 'APIService',
  plural: 'apiservices',
  namespaced: false,
  definition: 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
  categories: ['api-extensions'],
  subresources: [subresource('status')],
  printer,
  nameProblem: pathSegmentProblem,
  defaults: (api) => {
    if (api.spec?.service) api.spec.service.port ??= 443;
  },
  validate: (api) => apiServiceRules(api),
});
