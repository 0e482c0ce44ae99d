// Server-side apply: the applied configuration's fields become the applier's set, fields it set
// before and no longer sets are removed (unless another manager sets them too), and changing a
// value another manager owns is a conflict unless forced.
import { badRequest } from '../meta/status';
import { mergeApplied } from './apply-merge';
import { type Conflict, conflictError, describeManager } from './conflicts';
import { deepEqual, isAtomicObject, isRecord, type Json, joinPath, SEP, splitPath } from './field-path';
import { type FieldSet, interiorOf } from './field-set';
import { removeAt, schemaAt, valueAt } from './object-paths';
import { type FieldManagerContext, type ManagedFieldsEntry, type Owner, ownEntry, readOwners, trackedFields, writeOwners } from './owners';

export interface ApplyResult {
  /** The live object with the configuration applied; its managedFields are `managedFields`. */
  object: Json;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Applies `applied` over `live` (undefined when the apply creates the object). Throws the 409
 * of conflicting fields unless `force`, which takes them from their managers instead.
 */
export function applyConfiguration(live: Json | undefined, applied: unknown, ctx: FieldManagerContext, force: boolean): ApplyResult {
  if (!isRecord(applied)) throw badRequest('the applied configuration must be an object');
  if (isRecord(applied.metadata) && applied.metadata.managedFields != null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const base = structuredClone(live ?? {});
  const owners = readOwners(isRecord(base.metadata) ? base.metadata.managedFields : undefined);
  const mine = ownEntry(owners, ctx, 'Apply');
  const others = owners.filter((o) => o !== mine);
  const appliedSet = trackedFields(applied, ctx);
  const conflicts = findConflicts(base, applied, appliedSet, others, ctx);
  if (conflicts.length && !force) throw conflictError(conflicts.map(({ owner, path }) => ({ manager: describeManager(owner), path })));
  for (const { owner, path } of conflicts) owner.set.delete(path);
  for (const path of removable(mine.set, appliedSet, others)) {
    removeAt(base, path, (parent) => [appliedSet, ...others.map((o) => o.set)].some((s) => s.has(joinPath(parent))));
  }
  const object = mergeApplied(base, applied, ctx.schema) as Json;
  // A no-op apply leaves the entry's time (and so the whole object) as it was, as in Kubernetes.
  const touched = conflicts.length > 0 || !sameSet(mine.set, appliedSet) || !deepEqual(withoutOwners(live), withoutOwners(object));
  mine.set = appliedSet;
  if (touched || !mine.time) mine.time = ctx.time;
  mine.apiVersion = ctx.apiVersion;
  return { object, managedFields: writeOwners(owners) };
}

function sameSet(a: FieldSet, b: FieldSet): boolean {
  return a.size === b.size && [...a].every((p) => b.has(p));
}

function withoutOwners(object: Json | undefined): unknown {
  if (!object || !isRecord(object.metadata)) return object;
  const { managedFields: _owners, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/** Leaves of the applied set whose live value differs, where another manager owns them. */
function findConflicts(live: Json, applied: Json, appliedSet: FieldSet, others: Owner[], ctx: FieldManagerContext) {
  const found: { owner: Owner; path: string }[] = [];
  const interior = interiorOf(appliedSet);
  for (const path of appliedSet) {
    if (interior.has(path)) continue;
    const current = valueAt(live, path);
    const wanted = valueAt(applied, path).value;
    if (!current.found || deepEqual(current.value, wanted)) continue;
    // An empty object applied merges into what is there: it changes nothing.
    if (isRecord(wanted) && !isAtomicObject(schemaAt(ctx.schema, path))) continue;
    for (const owner of others) if (owner.set.has(path)) found.push({ owner, path });
  }
  return found;
}

/**
 * Paths the applier set before and no longer does that nobody else sets, outermost first and
 * without those inside another (removing a list item removes its fields).
 */
function removable(before: FieldSet, now: FieldSet, others: Owner[]): string[] {
  const owned = others.map((o) => ({ set: o.set, interior: interiorOf(o.set) }));
  const dropped = [...before]
    .filter((p) => !now.has(p) && !owned.some((o) => o.set.has(p) || o.interior.has(p)))
    .sort((a, b) => splitPath(a).length - splitPath(b).length);
  const out: string[] = [];
  for (const path of dropped) if (!out.some((outer) => path.startsWith(`${outer}${SEP}`))) out.push(path);
  return out;
}

export type { Conflict };
