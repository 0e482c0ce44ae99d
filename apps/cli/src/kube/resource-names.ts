// Resolves what users type (`po`, `pods`, `pod`, `deploy`, `Deployment`) to a served resource
// and builds its REST paths.
import { apiVersionOf, findKind, RESOURCES, type ResourceStrategy } from '@stevedore/api';

export function resolveType(name: string): ResourceStrategy {
  const wanted = name.toLowerCase().split('.')[0]!;
  const found = RESOURCES.find(
    (r) => r.plural === wanted || r.singular === wanted || r.shortNames.includes(wanted) || r.kind.toLowerCase() === wanted,
  );
  if (!found) throw new Error(`the server doesn't have a resource type "${name}"`);
  return found;
}

export function resolveKind(apiVersion: string, kind: string): ResourceStrategy {
  const found = findKind(apiVersion, kind);
  if (!found) throw new Error(`no matches for kind "${kind}" in version "${apiVersion}"`);
  return found;
}

export function collectionPath(resource: ResourceStrategy, namespace?: string): string {
  const base = resource.group ? `/apis/${apiVersionOf(resource)}` : `/api/${resource.version}`;
  return resource.namespaced && namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
    : `${base}/${resource.plural}`;
}

export function objectPath(resource: ResourceStrategy, namespace: string | undefined, name: string): string {
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
}
