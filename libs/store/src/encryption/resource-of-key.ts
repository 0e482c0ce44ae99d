// Which API resource a store key belongs to. Keys follow Kubernetes' layout (see the apiserver's
// registry keys): /<resource>/… for the core group, /<group>/<resource>/… for the others.

export interface GroupResource {
  /** '' for the core group. */
  group: string;
  resource: string;
}

/**
 * Groups whose names have no dot: every other group has one (CustomResourceDefinitions must),
 * and no core resource is named like a group, so the first segment tells them apart.
 */
const DOTLESS_GROUPS = new Set(['apps', 'autoscaling', 'batch', 'extensions', 'policy']);

/** The resource of a key or a list prefix; undefined when the prefix stops before the resource (say `/apps/`). */
export function resourceOfKey(key: string): GroupResource | undefined {
  const [first, second] = key.split('/').slice(1);
  if (!first) return undefined;
  const grouped = first.includes('.') || DOTLESS_GROUPS.has(first);
  if (!grouped) return { group: '', resource: first };
  return second ? { group: first, resource: second } : undefined;
}
