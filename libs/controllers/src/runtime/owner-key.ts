import type { KubeObject, OwnerReference } from '@stevedore/api';

/** The object's ownerReference with controller: true, if any. */
export function controllingRef(object: KubeObject): OwnerReference | undefined {
  return (object.metadata.ownerReferences ?? []).find((r) => r.controller);
}

/** The uid of the object's controlling owner, if any. */
export function controllerUid(object: KubeObject): string | undefined {
  return controllingRef(object)?.uid;
}

/** The work-queue key of an object's controlling owner of the given kind, if any. */
export function controllerKey(object: KubeObject, kind: string): string | undefined {
  const ref = (object.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === kind);
  return ref ? `${object.metadata.namespace}/${ref.name}` : undefined;
}
