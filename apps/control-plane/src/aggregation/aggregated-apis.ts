// The group-versions served by aggregated API servers: which one a request path goes to, and
// what discovery lists of them. Built-in and custom (CRD) group-versions stay ours even if an
// APIService names them; metrics.k8s.io, which we serve ourselves, yields to an APIService (so
// metrics-server's manifest takes over `kubectl top`).
import { type APIService, availableCondition, servedResources } from '@stevedore/api';
import { type Informer, type Resolution, resolveBackend, type ServiceLookup } from '@stevedore/controllers';
import type { DiscoveryCache, ProxyClientCert } from './backend-client';

type Gv = { groupVersion: string; version: string };
type ApiGroup = { name: string; versions: Gv[]; preferredVersion?: { groupVersion: string; version?: string } };

export class AggregatedApis {
  constructor(
    readonly apiServices: Informer<APIService>,
    private readonly cache: DiscoveryCache,
    private readonly lookup: ServiceLookup,
    /** The front proxy's client certificate; none only in unit tests. */
    readonly proxyClient?: ProxyClientCert,
  ) {}

  /** Where a request for this APIService goes now (one ready endpoint), or why nowhere. */
  backendOf(api: APIService): Resolution {
    return resolveBackend(api, this.lookup);
  }

  /** The aggregated APIServices, highest version priority first (their preferred version leads). */
  private remote(): APIService[] {
    const ours = new Set(servedResources().map((r) => `${r.group}/${r.version}`));
    return this.apiServices
      .list((a) => !!a.spec?.service && !ours.has(`${a.spec.group ?? ''}/${a.spec.version ?? ''}`))
      .sort((a, b) => (b.spec?.versionPriority ?? 0) - (a.spec?.versionPriority ?? 0));
  }

  /** The APIService a request for this group-version is proxied to, if any. */
  route(group: string, version: string): APIService | undefined {
    return this.remote().find((a) => (a.spec?.group ?? '') === group && a.spec?.version === version);
  }

  /** Whether some APIService serves the group (then our own metrics.k8s.io steps aside). */
  serves(group: string): boolean {
    return this.remote().some((a) => a.spec?.group === group);
  }

  /** Adds the aggregated group-versions to an APIGroupList (legacy /apis). */
  withGroups<T extends { groups: ApiGroup[] }>(list: T): T {
    const groups = list.groups.map((g) => ({ ...g, versions: [...g.versions] }));
    for (const api of this.remote()) {
      const name = api.spec?.group ?? '';
      const gv = { groupVersion: `${name}/${api.spec?.version}`, version: api.spec?.version ?? '' };
      const existing = groups.find((g) => g.name === name);
      if (existing) existing.versions.push(gv);
      else groups.push({ name, versions: [gv], preferredVersion: gv });
    }
    return { ...list, groups };
  }

  /** Adds the aggregated group-versions a backend has answered for to an APIGroupDiscoveryList. */
  withAggregated<T extends { items: object[] }>(doc: T): T {
    const items = doc.items.map((i) => ({ ...(i as { metadata: { name?: string }; versions: object[] }) }));
    for (const api of this.remote()) {
      const cached = this.cache.get(api.metadata.name ?? '');
      if (!cached) continue;
      const group = api.spec?.group ?? '';
      const version = api.spec?.version ?? '';
      const fresh = availableCondition(api)?.status === 'True' ? 'Current' : 'Stale';
      const entry = { version, freshness: fresh, resources: aggregatedResources(group, version, cached.resources) };
      const existing = items.find((i) => i.metadata.name === group);
      if (existing) existing.versions = [...existing.versions, entry];
      else items.push({ metadata: { name: group }, versions: [entry] });
    }
    return { ...doc, items };
  }
}

type LegacyResource = {
  name: string;
  singularName?: string;
  namespaced?: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
};

/** The aggregated-discovery form of a backend's legacy resource list (subresources folded into their resource). */
export function aggregatedResources(group: string, version: string, resources: unknown[]) {
  const all = resources as LegacyResource[];
  return all
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({
      resource: r.name,
      responseKind: { group, version, kind: r.kind },
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singularName || r.name,
      verbs: r.verbs ?? [],
      ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories?.length ? { categories: r.categories } : {}),
      subresources: all
        .filter((s) => s.name.startsWith(`${r.name}/`))
        .map((s) => ({
          subresource: s.name.slice(r.name.length + 1),
          responseKind: { group, version, kind: s.kind },
          verbs: s.verbs ?? [],
        })),
    }));
}
