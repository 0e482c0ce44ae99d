// Which backend answers a request, by Kubernetes' Ingress matching rules: the host picks the
// rules (an exact host first, then a `*.` wildcard covering exactly one label, then the rules
// without a host); among their paths an Exact match wins, then the longest Prefix counted in
// path elements (`/foo` matches `/foo` and `/foo/bar`, never `/foobar`). ImplementationSpecific
// paths are Prefix paths here. When two Ingresses give the same host, path and type, the older
// one wins, as ingress-nginx decides. A request no path matches goes to the oldest Ingress'
// defaultBackend; without one it matches nothing (404).

/** One Ingress path, resolved (the agent's copy of the control plane's IngressRoute). */
export interface Route {
  ingress: string;
  host: string;
  path: string;
  /** Exact | Prefix | ImplementationSpecific; "" for a defaultBackend. */
  pathType: string;
  created: string;
  backend: string;
  backendFound: boolean;
  endpoints: { ip: string; port: number }[];
}

interface PathRule {
  route: Route;
  exact: boolean;
  /** The path's elements, for Prefix matching; [] for `/`. */
  elements: string[];
}

const elementsOf = (path: string) => path.split('/').filter((e) => e !== '');

const older = (a: Route, b: Route) => a.created.localeCompare(b.created) || a.ingress.localeCompare(b.ingress);

/** True when `prefix`'s elements start the request path's elements, element by element. */
function prefixMatches(prefix: string[], path: string[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((e, i) => e === path[i]);
}

export class RouteTable {
  private readonly exactHosts = new Map<string, PathRule[]>();
  private readonly wildcards = new Map<string, PathRule[]>();
  private readonly anyHost: PathRule[] = [];
  private readonly fallback?: Route;

  constructor(routes: readonly Route[]) {
    const defaults = routes.filter((r) => r.pathType === '').sort(older);
    this.fallback = defaults[0];
    // Oldest first, so that among equal paths the first found is the one that wins.
    for (const route of routes.filter((r) => r.pathType !== '').sort(older)) {
      const rule: PathRule = { route, exact: route.pathType === 'Exact', elements: elementsOf(route.path || '/') };
      const list = !route.host
        ? this.anyHost
        : route.host.startsWith('*.')
          ? getOrAdd(this.wildcards, route.host.slice(2))
          : getOrAdd(this.exactHosts, route.host);
      list.push(rule);
    }
  }

  get size(): number {
    return this.anyHost.length + [...this.exactHosts.values(), ...this.wildcards.values()].reduce((n, l) => n + l.length, 0);
  }

  /** The route for a request's Host (port and case ignored) and path (query ignored), or undefined (404). */
  match(hostHeader: string | undefined, url: string): Route | undefined {
    const host = hostOnly(hostHeader ?? '');
    const path = url.split('?', 1)[0] || '/';
    const rules = this.rulesFor(host);
    return (rules && matchPath(rules, path)) ?? this.fallback;
  }

  private rulesFor(host: string): PathRule[] | undefined {
    const exact = this.exactHosts.get(host);
    if (exact) return exact;
    const dot = host.indexOf('.');
    const wildcard = dot > 0 ? this.wildcards.get(host.slice(dot + 1)) : undefined;
    if (wildcard) return wildcard;
    return this.anyHost.length ? this.anyHost : undefined;
  }
}

function matchPath(rules: PathRule[], path: string): Route | undefined {
  const exact = rules.find((r) => r.exact && r.route.path === path);
  if (exact) return exact.route;
  const elements = elementsOf(path);
  let best: PathRule | undefined;
  for (const rule of rules) {
    if (rule.exact || !prefixMatches(rule.elements, elements)) continue;
    if (!best || rule.elements.length > best.elements.length) best = rule;
  }
  return best?.route;
}

/** The Host header without its port, lower-cased (IPv6 literals keep their brackets). */
export function hostOnly(header: string): string {
  const host = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':', 1)[0]!;
  return host.toLowerCase();
}

function getOrAdd<K, V>(map: Map<K, V[]>, key: K): V[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}
