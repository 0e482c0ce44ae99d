// Discovery documents, in the aggregated form kubectl 1.30+ prefers (apidiscovery.k8s.io/v2 and
// v2beta1) and the legacy form (APIVersions, APIGroupList, APIResourceList) older clients use.
import { apiVersionOf, compareKubeVersions, type ResourceStrategy, type Subresource, servedResources } from '@stevedore/api';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Subresources answering with the resource's own kind (status) leave it empty in the strategy. */
function subresourcesOf(r: ResourceStrategy): Subresource[] {
  return r.subresources.map((s) => (s.kind ? s : { ...s, group: r.group, version: r.version, kind: r.kind }));
}

type GroupVersion = { group: string; version: string; resources: ResourceStrategy[] };

/**
 * Group versions we serve, core ('') first, groups in the order first served; a group's versions
 * in Kubernetes' priority order, the preferred one first (MetalLB's v1beta2 before v1beta1).
 */
export function groupVersions(): GroupVersion[] {
  const byGv = new Map<string, GroupVersion>();
  for (const r of servedResources()) {
    const key = apiVersionOf(r);
    const gv = byGv.get(key) ?? { group: r.group, version: r.version, resources: [] };
    gv.resources.push(r);
    byGv.set(key, gv);
  }
  const groups = new Map<string, GroupVersion[]>();
  for (const gv of byGv.values()) groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv]);
  return [...groups.values()].flatMap((versions) => versions.sort((a, b) => compareKubeVersions(a.version, b.version)));
}

function aggregatedResource(r: ResourceStrategy) {
  return {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    subresources: subresourcesOf(r).map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group, version: s.version, kind: s.kind },
      verbs: s.verbs,
    })),
  };
}

/** The aggregated document for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(scope: 'core' | 'apis', version: 'v2' | 'v2beta1' = 'v2') {
  const gvs = groupVersions().filter((gv) => (scope === 'core' ? gv.group === '' : gv.group !== ''));
  const groups = new Map<string, typeof gvs>();
  for (const gv of gvs) groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv]);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: [...groups.entries()].map(([group, versions]) => ({
      metadata: group ? { name: group } : {},
      versions: versions.map((gv) => ({ version: gv.version, freshness: 'Current', resources: gv.resources.map(aggregatedResource) })),
    })),
  };
}

export function legacyCoreVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function legacyGroupList() {
  const groups = new Map<string, string[]>();
  for (const gv of groupVersions()) if (gv.group) groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv.version]);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

/** APIResourceList for one group version, or undefined when we do not serve it. */
export function resourceList(group: string, version: string) {
  const gv = groupVersions().find((g) => g.group === group && g.version === version);
  if (!gv) return undefined;
  const resources = gv.resources.flatMap((r) => [
    {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    },
    ...subresourcesOf(r).map((s) => ({
      name: `${r.plural}/${s.name}`,
      singularName: '',
      namespaced: r.namespaced,
      kind: s.kind,
      verbs: s.verbs,
      ...(s.group ? { group: s.group, version: s.version } : {}),
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(gv), resources };
}
