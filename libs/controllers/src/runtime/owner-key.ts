import type { ApiObject } from '@stevedore/apiserver';

/** The object's ownerReference with controller: true, if any. */
export function controllingRef(object: ApiObject): { kind: string; name: string; uid: string } | undefined {
  return (object.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller);
}

/** The uid of the object's controlling owner, if any. */
export function controllerUid(object: ApiObject): string | undefined {
  return controllingRef(object)?.uid;
}

/** The work-queue key of an object's controlling owner of the given kind, if any. */
export function controllerKey(object: ApiObject, kind: string): string | undefined {
  const ref = (object.metadata.ownerReferences ?? []).find((r: { controller?: boolean; kind: string }) => r.controller && r.kind === kind);
  return ref ? `${object.metadata.namespace}/${ref.name}` : undefined;
}
