// Ownership after a write that is not an apply (create, update, patch, a subresource): the writer
// takes the fields it added or changed from everyone else, without conflicts, and fields the
// write removed leave every set.
import { deepEqual } from './field-path';
import { interiorOf } from './field-set';
import { valueAt } from './object-paths';
import { type FieldManagerContext, type ManagedFieldsEntry, ownEntry, readOwners, trackedFields, writeOwners } from './owners';

/**
 * The managedFields of `next`, written by `ctx` over `current` (undefined on create). Ownership
 * starts from the managedFields the client sent, when it sent any (kubectl's move from client- to
 * server-side apply rewrites them), else from the live object's; `[{}]` clears them all.
 */
export function updateManagedFields(current: unknown, next: unknown, ctx: FieldManagerContext): ManagedFieldsEntry[] {
  const given = metadataOf(next)?.managedFields;
  if (Array.isArray(given) && given.length === 1 && deepEqual(given[0], {})) return [];
  const base = Array.isArray(given) && given.length ? given : metadataOf(current)?.managedFields;
  const owners = readOwners(base);
  const before = current === undefined ? new Set<string>() : trackedFields(current, ctx);
  const after = trackedFields(next, ctx);
  const interior = interiorOf(after);
  const changed = [...after].filter(
    (p) => !before.has(p) || (!interior.has(p) && !deepEqual(valueAt(current, p).value, valueAt(next, p).value)),
  );
  const removed = [...before].filter((p) => !after.has(p));
  if (!changed.length && !removed.length) return writeOwners(owners);
  const mine = ownEntry(owners, ctx, 'Update');
  for (const owner of owners) {
    for (const p of removed) owner.set.delete(p);
    if (owner !== mine) for (const p of changed) owner.set.delete(p);
  }
  for (const p of changed) mine.set.add(p);
  mine.time = ctx.time;
  mine.apiVersion = ctx.apiVersion;
  return writeOwners(owners);
}

function metadataOf(object: unknown): Record<string, unknown> | undefined {
  const metadata = (object as { metadata?: unknown } | undefined)?.metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : undefined;
}
