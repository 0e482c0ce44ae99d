// Subresources that are views or actions on their parent: scale, binding and eviction.
import {
  applyMergePatch,
  badRequest,
  cloneJson,
  invalid,
  isConflict,
  pods as PODS,
  type ResourceStrategy,
  type ScalePaths,
  statusError,
} from '@stevedore/api';
import type { ApiObject } from '../objects/api-object';
import type { PatchType } from '../request/content-type';
import { type DeleteOptions, deleteObject } from './delete';
import { budgetIrrelevant, spendDisruptionBudget } from './disruption-budget';
import type { ObjectRegistry } from './object-registry';
import { readScale, setSpecReplicas } from './scale-paths';

/** autoscaling/v1 Scale of a Deployment, a ReplicaSet, or a custom kind (at its CRD's `paths`). */
export function toScale(object: ApiObject, paths?: ScalePaths): ApiObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const values = readScale(object, paths);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: values.specReplicas },
    status: { replicas: values.statusReplicas, selector: values.selector },
  };
}

export type ScaleChange = { type: 'put' | PatchType; body: unknown; fieldManager?: string };

/** The replicas a PUT or PATCH of `scale` asks for, and the resourceVersion it pins (if any). */
export function requestedReplicas(scale: ApiObject, change: ScaleChange, name: string): { replicas: number; pinned?: string } {
  const next =
    change.type === 'put'
      ? (change.body as ApiObject)
      : change.type === 'merge' || change.type === 'strategic'
        ? (applyMergePatch(scale, change.body) as ApiObject)
        : undefined;
  if (!next) throw statusError(415, 'UnsupportedMediaType', 'the scale subresource takes merge or strategic merge patches');
  const replicas = next.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw statusError(
      422,
      'Invalid',
      `Scale "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      {
        name,
        kind: 'Scale',
        causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be greater than or equal to 0' }],
      },
    );
  }
  return { replicas, pinned: next.metadata?.resourceVersion };
}

/** PUT or PATCH of /scale: only spec.replicas carries over, at the Scale's resourceVersion when pinned. */
export async function writeScale(
  registry: ObjectRegistry,
  resource: ResourceStrategy,
  namespace: string | undefined,
  name: string,
  change: ScaleChange,
  dryRun?: boolean,
): Promise<ApiObject> {
  const current = await registry.get<ApiObject>(resource, namespace, name);
  const { replicas, pinned } = requestedReplicas(toScale(current, resource.scalePaths), change, name);
  const updated = cloneJson(current);
  setSpecReplicas(updated, resource.scalePaths, replicas);
  // The kind's own rules still hold (a custom schema's maximum, say), as on any update.
  const causes = resource.validate(updated, current);
  if (causes.length) throw invalid(resource.kind, name, causes, resource.group);
  const expected = Number(pinned || current.metadata.resourceVersion);
  const options = { dryRun, fieldManager: change.fieldManager, managerSubresource: 'scale' };
  return toScale(await registry.write(resource, current, updated, expected, options), resource.scalePaths);
}

/** POST pods/x/binding: assigns the pod to a node, once. */
export async function bindPod(
  registry: ObjectRegistry,
  pods: ResourceStrategy,
  namespace: string | undefined,
  name: string,
  body: unknown,
  dryRun = false,
): Promise<void> {
  const nodeName = (body as ApiObject | null)?.target?.name;
  if (typeof nodeName !== 'string' || !nodeName) throw badRequest('a binding needs target.name');
  // The scheduler binds pods it has just seen: start from that copy, and from the store only if it was stale.
  const bindTo = async (current: ApiObject) => {
    if (current.spec.nodeName) {
      throw statusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${current.spec.nodeName}"`,
      );
    }
    if (current.metadata.deletionTimestamp)
      throw statusError(409, 'Conflict', `pod ${name} is being deleted, cannot be assigned to a host`);
    if (current.spec.schedulingGates?.length) throw statusError(409, 'Conflict', `pod ${name} has non-empty .spec.schedulingGates`);
    const next = cloneJson(current);
    next.spec.nodeName = nodeName;
    next.status = {
      ...next.status,
      conditions: upsertCondition(next.status?.conditions, {
        type: 'PodScheduled',
        status: 'True',
        lastTransitionTime: registry.timestamp(),
      }),
    };
    // Past the field manager, as kube-apiserver's binding: spec.nodeName is no one's to own.
    await registry.write(pods, current, next, Number(current.metadata.resourceVersion), { untracked: true, dryRun });
  };
  const recent = registry.recentCopies?.(pods, namespace, name);
  if (recent) {
    const stale = await bindTo(recent).then(
      () => false,
      (err: unknown) => {
        if (isConflict(err)) return true;
        throw err;
      },
    );
    if (!stale) return;
  }
  await bindTo(await registry.get(pods, namespace, name));
}

/**
 * POST pods/x/eviction (kubectl drain): a graceful delete with the eviction's options, once the
 * pod's disruption budget allows it. A pod already being deleted, pending or finished spends none.
 */
export async function evictPod(
  registry: ObjectRegistry,
  pods: ResourceStrategy,
  namespace: string,
  name: string,
  body: unknown,
  dryRun = false,
): Promise<void> {
  const given = ((body as ApiObject | null)?.deleteOptions ?? {}) as Omit<DeleteOptions, 'dryRun'> & { dryRun?: unknown };
  // `?dryRun=All` or the eviction's own deleteOptions.dryRun: ["All"] (kubectl drain --dry-run=server).
  const options: DeleteOptions = { ...given, dryRun: dryRun || (Array.isArray(given.dryRun) && given.dryRun.includes('All')) };
  const pod = await registry.get(PODS, namespace, name);
  if (!pod.metadata.deletionTimestamp && !budgetIrrelevant(pod)) await spendDisruptionBudget(registry, pod, !!options.dryRun);
  await deleteObject(registry, pods, namespace, name, options);
}

/** The conditions with `condition` in place of any of its type (typed by the caller's condition types). */
export function upsertCondition<C extends { type: string }, N extends { type: string }>(
  conditions: readonly C[] | undefined,
  condition: N,
): (C | N)[] {
  const others = (conditions ?? []).filter((c) => c.type !== condition.type);
  return [...others, condition];
}
