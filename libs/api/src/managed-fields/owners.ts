// metadata.managedFields read into field sets and written back: one entry per manager,
// operation and subresource, as Kubernetes keys them.
import { badRequest } from '../meta/status';
import type { Schema } from '../schema';
import type { ManagerIdentity } from './conflicts';
import { isRecord, type Json, splitPath } from './field-path';
import { type FieldSet, fieldSetOf, fromFieldsV1, toFieldsV1 } from './field-set';

export interface ManagedFieldsEntry extends ManagerIdentity {
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Json;
}

export interface Owner extends ManagerIdentity {
  apiVersion: string;
  time?: string;
  set: FieldSet;
}

/** Who writes, and how the kind's fields are tracked. */
export interface FieldManagerContext {
  schema: Schema;
  /** The resource's group/version, stamped on entries. */
  apiVersion: string;
  manager: string;
  /** `status` or `scale` for subresource writes. */
  subresource?: string;
  /** The write's time, RFC 3339 in seconds. */
  time: string;
  /** The kind has a status subresource: its status is no main-resource writer's. */
  statusSeparate: boolean;
}

/** Fields the server sets, never anyone's to own. */
const SERVER_METADATA = new Set(
  [
    'name',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'managedFields',
    'selfLink',
  ].map((f) => `f:${f}`),
);

/** Whether a metadata field is the server's (`f:uid`), never anyone's to own. */
export function isServerMetadata(token: string): boolean {
  return SERVER_METADATA.has(token);
}

/** Whether a top-level field is tracked for a writer through `ctx` (status only by its own writers, when it has them). */
export function tracksTopLevel(token: string, ctx: FieldManagerContext): boolean {
  if (token === 'f:apiVersion' || token === 'f:kind') return false;
  if (ctx.subresource === 'status') return token === 'f:status';
  return !(!ctx.subresource && ctx.statusSeparate && token === 'f:status');
}

/** The fields of `object` a writer through `ctx` owns. */
export function trackedFields(object: unknown, ctx: FieldManagerContext): FieldSet {
  const out: FieldSet = new Set();
  for (const path of fieldSetOf(object, ctx.schema)) {
    const [first, second] = splitPath(path);
    if (!tracksTopLevel(first!, ctx)) continue;
    if (first === 'f:metadata' && (second === undefined || SERVER_METADATA.has(second))) continue;
    out.add(path);
  }
  return out;
}

export function readOwners(entries: unknown): Owner[] {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) throw badRequest('metadata.managedFields must be a list');
  return entries.map((entry, i) => {
    const where = `metadata.managedFields[${i}]`;
    if (!isRecord(entry) || typeof entry.manager !== 'string') throw badRequest(`${where}.manager: must be a string`);
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') throw badRequest(`${where}.operation: must be Apply or Update`);
    const owner: Owner = {
      manager: entry.manager,
      operation: entry.operation,
      apiVersion: String(entry.apiVersion ?? ''),
      set: fromFieldsV1(entry.fieldsV1 ?? {}, `${where}.fieldsV1`),
    };
    if (typeof entry.time === 'string') owner.time = entry.time;
    if (typeof entry.subresource === 'string' && entry.subresource) owner.subresource = entry.subresource;
    return owner;
  });
}

/** Entries for the owners that still own something. */
export function writeOwners(owners: Owner[]): ManagedFieldsEntry[] {
  return owners
    .filter((o) => o.set.size > 0)
    .map((o) => {
      const entry: ManagedFieldsEntry = {
        manager: o.manager,
        operation: o.operation,
        apiVersion: o.apiVersion,
        ...(o.time ? { time: o.time } : {}),
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(o.set),
      };
      if (o.subresource) entry.subresource = o.subresource;
      return entry;
    });
}

export function sameManager(a: ManagerIdentity, b: ManagerIdentity): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '');
}

/** The writer's own entry, added (last, as Kubernetes does) when it has none yet. */
export function ownEntry(owners: Owner[], ctx: FieldManagerContext, operation: 'Apply' | 'Update'): Owner {
  const identity: ManagerIdentity = { manager: ctx.manager, operation, subresource: ctx.subresource };
  const found = owners.find((o) => sameManager(o, identity));
  if (found) return found;
  const created: Owner = { ...identity, apiVersion: ctx.apiVersion, set: new Set() };
  if (!ctx.subresource) delete created.subresource;
  owners.push(created);
  return created;
}
