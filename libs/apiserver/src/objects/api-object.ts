import type { KubeObject, ResourceStrategy } from '@stevedore/api';

/** An API object as the server handles it: loosely typed JSON whose metadata is always present. */
export type ApiObject = { metadata: Record<string, any>; [field: string]: any };

/**
 * An object as read back from the store: the registry gave it a name (from generateName if need
 * be) and a uid when it created it. Informers hand these out, so controllers that key and match
 * objects by name and uid need not check for them.
 */
export type Stored<T extends KubeObject> = T & { metadata: { name: string; uid: string } };

/**
 * The seam where the generic server's loosely typed objects become their kind's type, the one
 * cast between the two. It holds because only the registry writes under a resource's keys, and
 * it checks every object against the kind's schema first, required fields included, and fills in
 * the metadata `Stored` names. (Not quite inside a status: required fields there are not enforced,
 * as in Kubernetes, so read a status's fields as possibly absent.) Typed readers (informers, the
 * registry's typed verbs) go through here rather than casting.
 */
export function asKind<T extends KubeObject>(_resource: ResourceStrategy<T>, object: ApiObject): Stored<T> {
  return object as Stored<T>;
}
