// The registry's seam to server-side apply's field ownership (see @stevedore/api's managed
// fields): who writes, and metadata.managedFields after a write.
import { apiVersionOf, applyConfiguration, type FieldManagerContext, type ResourceStrategy, updateManagedFields } from '@stevedore/api';
import type { ApiObject as Obj } from '../objects/api-object';

/** What a client's write says about field ownership. */
export interface FieldManagerOptions {
  /** The manager: `?fieldManager=`, else from the User-Agent; unset for the control plane's own writes (the registry's `fieldManager`). */
  fieldManager?: string;
  /** `?force=true` on an apply: take conflicting fields from their managers. */
  force?: boolean;
  /** The subresource ownership is recorded under when it is not the request's `subresource` (scale writes the main object). */
  managerSubresource?: string;
  /** The write is an apply whose managedFields are already computed. */
  applied?: boolean;
  /** The write leaves managedFields as they are: a binding, which kube-apiserver writes past its field manager. */
  untracked?: boolean;
}

export function managerContext(
  resource: ResourceStrategy,
  manager: string,
  time: string,
  subresource: string | undefined,
): FieldManagerContext {
  return {
    schema: resource.schema.structural(),
    apiVersion: apiVersionOf(resource),
    manager,
    subresource,
    time,
    statusSeparate: resource.statusFromSubresourceOnly,
  };
}

/** `live` (undefined on create) with the applied configuration merged in and its managedFields set. */
export function applyToObject(live: Obj | undefined, applied: unknown, ctx: FieldManagerContext, force: boolean): Obj {
  const { object, managedFields } = applyConfiguration(live, applied, ctx, force);
  const result = object as Obj;
  result.metadata = { ...(result.metadata ?? {}), managedFields };
  if (!managedFields.length) delete result.metadata.managedFields;
  return result;
}

/** Sets `next`'s managedFields after a write that is not an apply: the writer takes what it changed. */
export function recordWrite(current: Obj | undefined, next: Obj, ctx: FieldManagerContext): void {
  const entries = updateManagedFields(current, next, ctx);
  if (entries.length) next.metadata.managedFields = entries;
  else delete next.metadata.managedFields;
}
