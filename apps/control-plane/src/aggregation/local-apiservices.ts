// The Local APIServices kube-apiserver registers for the group-versions it serves itself, so
// `kubectl get apiservices` lists them as on Kubernetes (SERVICE Local, AVAILABLE True). Created
// at start-up when missing; the availability controller writes their condition.
import { type APIService, apiServices, ignoring, isAlreadyExists } from '@stevedore/api';
import { groupVersions, type ObjectRegistry } from '@stevedore/apiserver';

export const AUTOMANAGED_LABEL = 'kube-aggregator.kubernetes.io/automanaged';

/** Core first at 18000, then each group 100 lower in discovery order, as kube-apiserver's table runs. */
export function localApiServices(): APIService[] {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))];
  return groupVersions().map(({ group, version }) => ({
    metadata: { name: `${version}.${group}`, labels: { [AUTOMANAGED_LABEL]: 'onstart' } },
    spec: { group, version, groupPriorityMinimum: 18000 - 100 * groups.indexOf(group), versionPriority: group ? 15 : 1 },
  }));
}

export async function ensureLocalApiServices(registry: ObjectRegistry): Promise<void> {
  for (const api of localApiServices()) await registry.create(apiServices, undefined, api).catch(ignoring(isAlreadyExists));
}
