// Discovery entries for metrics.k8s.io/v1beta1, which the API serves itself (there is no
// aggregated metrics-server): `kubectl top` first checks discovery lists the group.
const GROUP = 'metrics.k8s.io';
const VERSION = 'v1beta1';
const VERBS = ['get', 'list'];

const RESOURCES = [
  { plural: 'nodes', singular: 'nodemetrics', kind: 'NodeMetrics', namespaced: false },
  { plural: 'pods', singular: 'podmetrics', kind: 'PodMetrics', namespaced: true },
];

export function metricsResourceList() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${GROUP}/${VERSION}`,
    resources: RESOURCES.map((r) => ({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS })),
  };
}

/** Adds the group to an APIGroupList (legacy /apis). */
export function withMetricsGroup<T extends { groups: object[] }>(list: T): T {
  const gv = { groupVersion: `${GROUP}/${VERSION}`, version: VERSION };
  return { ...list, groups: [...list.groups, { name: GROUP, versions: [gv], preferredVersion: gv }] };
}

/** Adds the group to an APIGroupDiscoveryList (aggregated /apis). */
export function withMetricsAggregated<T extends { items: object[] }>(doc: T): T {
  const resources = RESOURCES.map((r) => ({
    resource: r.plural,
    responseKind: { group: GROUP, version: VERSION, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: VERBS,
    subresources: [],
  }));
  return {
    ...doc,
    items: [...doc.items, { metadata: { name: GROUP }, versions: [{ version: VERSION, freshness: 'Current', resources }] }],
  };
}
