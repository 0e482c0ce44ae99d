import type { ResourceStrategy } from '@stevedore/api';

// Keys follow Kubernetes' layout, so one prefix lists a namespace and a shorter one all of them:
//   /<resource>/<namespace>/<name> for namespaced types, /<resource>/<name> otherwise.
export function resourcePrefix(resource: ResourceStrategy, namespace?: string): string {
  const base = resource.group ? `/${resource.group}/${resource.plural}/` : `/${resource.plural}/`;
  return resource.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(resource: ResourceStrategy, namespace: string | undefined, name: string): string {
  return `${resourcePrefix(resource, resource.namespaced ? namespace : undefined)}${name}`;
}
