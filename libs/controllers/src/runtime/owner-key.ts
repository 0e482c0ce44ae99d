import type { ApiObject } from '@stevedore/apiserver';

/** The work-queue key of an object's controlling owner of the given kind, if any. */
export function controllerKey(object: ApiObject, kind: string): string | undefined {
  const ref = (object.metadata.ownerReferences ?? []).find((r: { controller?: boolean; kind: string }) => r.controller && r.kind === kind);
  return ref ? `${object.metadata.namespace}/${ref.name}` : undefined;
}
