import type { ResourceType } from '@stevedore/api';

// Keys follow Kubernetes' layout, so one prefix lists a namespace and a shorter one all of them:
//   /<resource>/<namespace>/<name> for namespaced types, /<resource>/<name> otherwise.
export function resourcePrefix(resource: ResourceType, namespace?: string): string {
  const base = resource.group ? `/${resource.group}/${resource.plural}/` : `/${resource.plural}/`;
  return resource.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(resource: ResourceType, namespace: string | undefined, name: string): string {
  return `${resourcePrefix(resource, resource.namespaced ? namespace : undefined)}${name}`;
}
