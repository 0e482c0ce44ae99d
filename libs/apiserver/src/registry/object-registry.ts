// The generic registry: every API verb on every resource, turned into store operations with
// Kubernetes semantics (server-owned metadata, generation, CAS, namespaces, dry runs).

import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  badRequest,
  cloneJson,
  type FieldValidation,
  findResource,
  forbidden,
  isConflict,
  isNotFound,
  type KubeObject,
  notFound,
  type ResourceStrategy,
  statusError,
} from '@stevedore/api';
import type { User } from '@stevedore/auth';
import { revisionOf, type Store } from '@stevedore/store';
import { randomUUID } from 'crypto';
import { isDeepStrictEqual } from 'util';
import { asKind, type ApiObject as Obj } from '../objects/api-object';
import { prepareCreate, prepareUpdate } from '../objects/prepare';
import type { PatchType } from '../request/content-type';
import { AdmissionChain } from './admission';
import type { Allocator } from './allocator';
import { applyToObject, type FieldManagerOptions, managerContext, recordWrite } from './field-managers';
import { objectKey } from './keys';
import { storeErrorToStatus } from './store-errors';

export type { Obj };

export interface WriteOptions extends FieldManagerOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  subresource?: string;
  /** Who asks, for admission that depends on it (RBAC's escalation checks); unset for the control plane's own writes. */
  user?: User;
  /** The subresource webhooks were asked about when it writes the main object (scale): they are not asked again. */
  admittedAs?: string;
}

export interface WriteResult {
  object: Obj;
  warnings: string[];
  created?: boolean;
}

const NAMESPACES = findResource('', 'namespaces')!;
const PATCH_RETRIES = 5;

/**
 * A recent copy of an object (an informer's), or undefined when there is none. It may lag the
 * store: it only ever starts a compare-and-swap write at its own resourceVersion, so a stale copy
 * costs a conflict and a fresh read, never a lost update.
 */
export type RecentCopies = (resource: ResourceStrategy, namespace: string | undefined, name: string) => Obj | undefined;

export class ObjectRegistry {
  /**
   * Kinds whose dependents a garbage collector tracks: deleting one of them with the Orphan or
   * Foreground policy leaves it in place with the `orphan`/`foregroundDeletion` finalizer until
   * the collector has done its part. Other kinds are deleted in the background.
   */
  readonly propagationKinds = new Set<string>();
  /** Allocators by resource (a Service's cluster IP and node ports); none without one, e.g. in unit tests. */
  readonly allocators = new Map<ResourceStrategy, Allocator>();
  /** Admission plugins (a pod's priority from its class); none unless added, e.g. in unit tests. */
  readonly admission = new AdmissionChain();
  /** Saves the store read that starts a read-modify-write, as kube-apiserver starts from its watch cache. */
  recentCopies?: RecentCopies;
  /**
   * The field manager of writes that name none: the control plane's own (kube-apiserver's, or a
   * component's through `withFieldManager`). Unset, such writes leave managedFields as they are.
   */
  fieldManager?: string;

  constructor(
    readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The object, typed by its strategy: `get(pods, …)` is a Pod. An untyped strategy (the REST
   * path's, from findResource) gives a KubeObject; such callers ask for `get<ApiObject>`.
   */
  async get<T extends KubeObject>(resource: ResourceStrategy<T>, namespace: string | undefined, name: string): Promise<T> {
    const object = await this.store.get<Obj>(objectKey(resource, namespace, name)).catch(storeErrorToStatus(resource, name));
    if (!object) throw notFound(resource.plural, name, resource.group);
    return asKind(resource, (resource.onRead?.(object) as Obj | undefined) ?? object);
  }

  async create(resource: ResourceStrategy, namespace: string | undefined, body: unknown, options: WriteOptions = {}): Promise<WriteResult> {
    if (resource.terminating)
      throw statusError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating');
    const { object, warnings } = prepareCreate(resource, body, namespace, options.fieldValidation);
    if (resource.namespaced) await this.requireActiveNamespace(resource, object.metadata.namespace, object.metadata.name);
    Object.assign(object.metadata, {
      uid: randomUUID(),
      creationTimestamp: this.timestamp(),
      ...(hasSpec(object) ? { generation: 1 } : {}),
    });
    resource.prepareForCreate(object);
    warnings.push(...(await this.admission.create(resource, object, options)));
    // Before allocation, as in Kubernetes: a Service's cluster IP is the server's, not its creator's.
    if (this.tracks(options)) recordWrite(undefined, object, this.managerOf(resource, options));
    await this.allocators.get(resource)?.assign(object, options.dryRun);
    if (options.dryRun) return { object, warnings, created: true };
    const key = objectKey(resource, object.metadata.namespace, object.metadata.name);
    const stored = await this.store.create(key, object).catch(storeErrorToStatus(resource, object.metadata.name));
    return { object: stored, warnings, created: true };
  }

  /** PUT: a full replacement, at the body's resourceVersion when it gives one (unconditional otherwise, as Kubernetes allows). */
  async update(
    resource: ResourceStrategy,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const current = await this.get<Obj>(resource, namespace, name);
    const { object, warnings } = prepareUpdate(resource, current, body, {
      namespace,
      name,
      subresource: options.subresource,
      mode: options.fieldValidation,
    });
    const expected = object.metadata.resourceVersion ? Number(object.metadata.resourceVersion) : revisionOf(current);
    const written = await this.admitAndWrite(resource, current, object, expected, options);
    return { object: written.object, warnings: [...warnings, ...written.warnings] };
  }

  /** PATCH in any of the four patch types; retried on conflict when the patch pins no resourceVersion. */
  async patch(
    resource: ResourceStrategy,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    for (let attempt = 1; ; attempt++) {
      let current: Obj;
      try {
        current = await this.get<Obj>(resource, namespace, name);
      } catch (err) {
        if (type === 'apply' && isNotFound(err))
          return this.create(resource, namespace, this.apply(resource, undefined, patch, options), { ...options, applied: true });
        throw err;
      }
      const merged =
        type === 'apply' ? this.apply(resource, current, patch, options) : applyPatch(resource, type, current, patch, options.subresource);
      const pinned = merged.metadata?.resourceVersion && merged.metadata.resourceVersion !== current.metadata.resourceVersion;
      const { object, warnings } = prepareUpdate(resource, current, merged, {
        namespace,
        name,
        subresource: options.subresource,
        mode: options.fieldValidation,
      });
      const expected = pinned ? Number(merged.metadata.resourceVersion) : revisionOf(current);
      // A patch that changes nothing (re-applying the same manifest, server- or client-side) is no
      // write and no new resourceVersion, as in Kubernetes.
      if (!pinned && unchanged(current, object)) return { object: current, warnings };
      try {
        const written = await this.admitAndWrite(resource, current, object, expected, { ...options, applied: type === 'apply' });
        return { object: written.object, warnings: [...warnings, ...written.warnings] };
      } catch (err) {
        const retry = !pinned && isConflict(err) && attempt < PATCH_RETRIES;
        if (!retry) throw err;
      }
    }
  }

  /**
   * Read-modify-write with optimistic concurrency: re-reads and re-applies `change` when another
   * writer got in between. `change` returns undefined to leave the object as it is. The first
   * attempt starts from `startFrom` (say, what the caller itself wrote last) or a recent copy.
   * `options` say how it is admitted (a node's write of pods/status, say).
   */
  async modify<T extends KubeObject>(
    resource: ResourceStrategy<T>,
    namespace: string | undefined,
    name: string,
    change: (current: T) => T | undefined,
    startFrom?: T,
    options: WriteOptions = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const first = attempt === 1 ? (startFrom ?? this.recentCopy(resource, namespace, name)) : undefined;
      const current = first ?? (await this.get(resource, namespace, name));
      const next = change(cloneJson(current));
      if (!next) return current;
      try {
        return asKind(resource, await this.write(resource, current, next, Number(current.metadata.resourceVersion), options));
      } catch (err) {
        if (!isConflict(err) || attempt >= PATCH_RETRIES) throw err;
      }
    }
  }

  /** Writes `next` over `current` at `expected`; bumps generation on spec changes; finishes deletions whose finalizers are gone. */
  async write(resource: ResourceStrategy, current: Obj, next: Obj, expected: number, options: WriteOptions = {}): Promise<Obj> {
    return (await this.admitAndWrite(resource, current, next, expected, options)).object;
  }

  /** `write`, keeping admission's warnings for a client's request (the control plane's own writes have no one to tell). */
  private async admitAndWrite(
    resource: ResourceStrategy,
    current: Obj,
    next: Obj,
    expected: number,
    options: WriteOptions,
  ): Promise<{ object: Obj; warnings: string[] }> {
    const { namespace, name } = current.metadata;
    const addedFinalizer = (next.metadata.finalizers ?? []).some((f: string) => !(current.metadata.finalizers ?? []).includes(f));
    if (current.metadata.deletionTimestamp && addedFinalizer) {
      throw statusError(
        422,
        'Invalid',
        `${resource.kind} "${name}" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted`,
      );
    }
    const warnings: string[] = [];
    if (!options.subresource) {
      warnings.push(...(await this.admission.update(resource, current, next, options)));
      await this.allocators.get(resource)?.carryOver(current, next, options.dryRun);
    } else {
      // A status write is UPDATE of pods/status (say) to webhooks, with the whole object as in Kubernetes.
      const request = { operation: 'UPDATE' as const, subresource: options.subresource, namespace, name, object: next, oldObject: current };
      warnings.push(...(await this.admission.subresource(resource, request, options)));
    }
    if (this.tracks(options)) recordWrite(current, next, this.managerOf(resource, options));
    if (specChanged(current, next)) next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    if (options.dryRun) return { object: next, warnings };
    const key = objectKey(resource, namespace, name);
    const finished =
      current.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length && !resource.delete.awaitsTermination(next);
    const stored = finished
      ? await this.store.delete<Obj>(key, expected).catch(storeErrorToStatus(resource, name))
      : await this.store.update(key, next, expected).catch(storeErrorToStatus(resource, name));
    return { object: stored, warnings };
  }

  /** Server-side apply of `applied` over `current` (undefined when it creates the object), with its field ownership. */
  private apply(resource: ResourceStrategy, current: Obj | undefined, applied: unknown, options: WriteOptions): Obj {
    if (!options.fieldManager) throw badRequest('fieldManager is required for apply patch');
    return applyToObject(current, applied, this.managerOf(resource, options), !!options.force);
  }

  /**
   * This registry with `manager` as the field manager of the writes that name none, as a
   * component's client names itself (kube-controller-manager, kube-scheduler, kubelet). The view
   * shares everything else: admission, allocators, recent copies and the store.
   */
  withFieldManager(manager: string): ObjectRegistry {
    return new Proxy(this, {
      get: (target, prop, receiver) => (prop === 'fieldManager' ? manager : Reflect.get(target, prop, receiver)),
    });
  }

  /** Whether a write records its field ownership: an apply has already, a binding never does. */
  private tracks(options: WriteOptions): boolean {
    return !!(options.fieldManager ?? this.fieldManager) && !options.applied && !options.untracked;
  }

  private managerOf(resource: ResourceStrategy, options: WriteOptions) {
    const manager = (options.fieldManager ?? this.fieldManager)!;
    return managerContext(resource, manager, this.timestamp(), options.managerSubresource ?? options.subresource);
  }

  /** The informer's copy, typed like what the store would give. */
  private recentCopy<T extends KubeObject>(resource: ResourceStrategy<T>, namespace: string | undefined, name: string): T | undefined {
    const copy = this.recentCopies?.(resource, namespace, name);
    return copy && asKind(resource, copy);
  }

  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** A recent copy will do, as for Kubernetes' namespace lifecycle admission; a namespace too new for it is read from the store. */
  private async requireActiveNamespace(resource: ResourceStrategy, namespace: string, name: string): Promise<void> {
    const ns =
      this.recentCopies?.(NAMESPACES, undefined, namespace) ??
      (await this.store.get<Obj>(objectKey(NAMESPACES, undefined, namespace)).catch(storeErrorToStatus(NAMESPACES, namespace)));
    if (!ns) throw notFound('namespaces', namespace);
    if (ns.metadata.deletionTimestamp) {
      // NamespaceLifecycle's refusal: a 403 about the object, with the namespace as its cause.
      const refusal = forbidden(
        resource.plural,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        resource.group,
      );
      refusal.status.details!.causes = [
        { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
      ];
      throw refusal;
    }
  }
}

function hasSpec(object: Obj): boolean {
  return object.spec !== undefined;
}

function unchanged(current: Obj, next: Obj): boolean {
  const { resourceVersion: _a, ...before } = current.metadata;
  const { resourceVersion: _b, ...after } = next.metadata;
  // Through JSON, as stored: an absent status and `status: undefined` are the same object.
  const stored = (o: Obj) => JSON.parse(JSON.stringify(o));
  return isDeepStrictEqual(stored({ ...current, metadata: before }), stored({ ...next, metadata: after }));
}

function specChanged(current: Obj, next: Obj): boolean {
  const { metadata: _a, status: _b, ...before } = current;
  const { metadata: _c, status: _d, ...after } = next;
  return JSON.stringify(before) !== JSON.stringify(after);
}

function applyPatch(resource: ResourceStrategy, type: PatchType, current: Obj, patch: unknown, subresource?: string): Obj {
  const base = cloneJson(current);
  let result: unknown;
  if (type === 'json') result = applyJsonPatch(base, patch);
  else if (type === 'merge') result = applyMergePatch(base, patch);
  else if (type === 'strategic') result = applyStrategicMergePatch(base, patch, resource.schema);
  else throw badRequest('an apply patch is merged with its field managers');
  if (typeof result !== 'object' || result === null || Array.isArray(result)) throw badRequest('the patch must produce an object');
  const obj = result as Obj;
  // A status patch must not smuggle in spec changes, and a main-resource patch not status ones.
  if (subresource === 'status') return { ...obj, spec: current.spec };
  return obj;
}
