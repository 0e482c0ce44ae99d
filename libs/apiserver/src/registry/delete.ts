// DELETE with Kubernetes semantics: preconditions, graceful pod termination (the object stays,
// marked with deletionTimestamp, until its node has stopped it), finalizers and namespaces
// (which stay Terminating until the namespace controller has emptied them).
import { cloneJson, isConflict, type ResourceStrategy, statusError } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import { revisionOf } from '@stevedore/store';
import type { ApiObject } from '../objects/api-object';
import { objectKey } from './keys';
import type { ObjectRegistry } from './object-registry';
import { storeErrorToStatus } from './store-errors';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  /** Who asks, for admission webhooks; unset for the control plane's own deletes. */
  user?: User;
}

const RETRIES = 5;

export async function deleteObject(
  registry: ObjectRegistry,
  resource: ResourceStrategy,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): Promise<ApiObject> {
  for (let attempt = 1; ; attempt++) {
    const current = await registry.get(resource, namespace, name);
    checkPreconditions(resource, current, options.preconditions);
    try {
      return await deleteOnce(registry, resource, current, options);
    } catch (err) {
      if (!isConflict(err) || options.preconditions?.resourceVersion || attempt >= RETRIES) throw err;
    }
  }
}

async function deleteOnce(
  registry: ObjectRegistry,
  resource: ResourceStrategy,
  current: ApiObject,
  options: DeleteOptions,
): Promise<ApiObject> {
  const forbidden = resource.delete.forbidden(current);
  if (forbidden) {
    throw statusError(403, 'Forbidden', `${qualifiedPlural(resource)} "${current.metadata.name}" is forbidden: ${forbidden}`, {
      name: current.metadata.name,
      kind: resource.plural,
    });
  }
  await registry.admission.delete(resource, current, { dryRun: options.dryRun, user: options.user });
  const grace = graceSeconds(resource, current, options);
  const finalizer = propagationFinalizer(registry, resource, options.propagationPolicy);
  if (finalizer && !current.metadata.deletionTimestamp) return markDeleting(registry, resource, current, grace, options.dryRun, finalizer);
  const lingers = (current.metadata.finalizers ?? []).length > 0 || resource.delete.lingers(current, grace);
  if (lingers) return markDeleting(registry, resource, current, grace, options.dryRun);
  if (options.dryRun) return current;
  const key = objectKey(resource, current.metadata.namespace, current.metadata.name);
  return registry.store.delete<ApiObject>(key, revisionOf(current)).catch(storeErrorToStatus(resource, current.metadata.name));
}

/** Sets deletionTimestamp (once; a later delete may only shorten the grace period). */
async function markDeleting(
  registry: ObjectRegistry,
  resource: ResourceStrategy,
  current: ApiObject,
  grace: number,
  dryRun?: boolean,
  finalizer?: string,
): Promise<ApiObject> {
  const next = cloneJson(current);
  if (finalizer) next.metadata.finalizers = [...new Set([...(next.metadata.finalizers ?? []), finalizer])];
  const previousGrace = current.metadata.deletionGracePeriodSeconds;
  if (current.metadata.deletionTimestamp && !finalizer && (previousGrace === undefined || grace >= previousGrace)) return current;
  next.metadata.deletionTimestamp = new Date(Date.parse(registry.timestamp()) + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  next.metadata.deletionGracePeriodSeconds = grace;
  resource.delete.markDeleting(next);
  if (dryRun) return next;
  const key = objectKey(resource, current.metadata.namespace, current.metadata.name);
  return registry.store.update(key, next, revisionOf(current)).catch(storeErrorToStatus(resource, current.metadata.name));
}

function propagationFinalizer(
  registry: ObjectRegistry,
  resource: ResourceStrategy,
  policy: DeleteOptions['propagationPolicy'],
): string | undefined {
  if (!registry.propagationKinds.has(resource.kind)) return undefined;
  if (policy === 'Orphan') return 'orphan';
  if (policy === 'Foreground') return 'foregroundDeletion';
  return undefined;
}

function graceSeconds(resource: ResourceStrategy, current: ApiObject, options: DeleteOptions): number {
  if (options.gracePeriodSeconds !== undefined) {
    if (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0) {
      throw statusError(400, 'BadRequest', 'gracePeriodSeconds must be a non-negative integer');
    }
    return options.gracePeriodSeconds;
  }
  return resource.delete.defaultGraceSeconds(current);
}

function checkPreconditions(resource: ResourceStrategy, current: ApiObject, preconditions: DeleteOptions['preconditions']): void {
  const { uid, resourceVersion } = preconditions ?? {};
  if (uid && uid !== current.metadata.uid) {
    throw statusError(409, 'Conflict', `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`, {
      name: current.metadata.name,
      group: resource.group,
      kind: resource.plural,
    });
  }
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    throw statusError(
      409,
      'Conflict',
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      { name: current.metadata.name, group: resource.group, kind: resource.plural },
    );
  }
}

/** How Kubernetes names a resource in messages: `namespaces`, `priorityclasses.scheduling.k8s.io`. */
function qualifiedPlural(resource: ResourceStrategy): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}
