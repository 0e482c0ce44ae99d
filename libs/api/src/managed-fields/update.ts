// Ownership after a write that is not an apply (create, update, patch, a subresource): the writer
// takes the fields it added or changed from everyone else, without conflicts, and fields the
// write removed leave every set.

import { cloneJson } from '../clone-json';
import type { Schema } from '../schema';
import { diffFields, type FieldChanges } from './field-diff';
import { fieldSchema, isRecord, type Json, joinPath } from './field-path';
import { fromFieldsV1, toFieldsV1 } from './field-set';
import { sorted, trieOf } from './field-trie-of';
import { addToTrie, removeFromTrie, trieEmpty, trieHas } from './fields-trie';
import {
  type FieldManagerContext,
  isServerMetadata,
  type ManagedFieldsEntry,
  ownEntry,
  readOwners,
  sameManager,
  tracksTopLevel,
  writeOwners,
} from './owners';

/**
 * The managedFields of `next`, written by `ctx` over `current` (undefined on create). Ownership
 * starts from the managedFields the client sent, when it sent any (kubectl's move from client- to
 * server-side apply rewrites them), else from the live object's; `[{}]` clears them all.
 */
export function updateManagedFields(current: unknown, next: unknown, ctx: FieldManagerContext): ManagedFieldsEntry[] {
  const given = metadataOf(next)?.managedFields;
  if (Array.isArray(given) && given.length === 1 && isRecord(given[0]) && !Object.keys(given[0]).length) return [];
  const live = metadataOf(current)?.managedFields;
  const sent = Array.isArray(given) && given.length > 0;
  if (current === undefined && !sent) {
    const created = createdEntry(next, ctx);
    if (created) return trieEmpty(created.fieldsV1) ? [] : [created];
  }
  const changes = writeChanges(current, next, ctx);
  // The live entries are ours and well formed: edit their tries. Entries a client rewrote are read (and checked) first.
  if (!sent || sameJson(given, live)) return editEntries(Array.isArray(live) ? live : [], changes, ctx);
  return editOwners(given, changes, ctx);
}

/** The tracked fields the write from `current` to `next` changed or removed. */
export function writeChanges(current: unknown, next: unknown, ctx: FieldManagerContext): FieldChanges {
  const out: FieldChanges = { changed: [], removed: [] };
  const before = isRecord(current) ? current : {};
  const after = isRecord(next) ? next : {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const token = `f:${key}`;
    if (!tracksTopLevel(token, ctx)) continue;
    const schema = fieldSchema(ctx.schema, key);
    if (key !== 'metadata') diffFields(before[key], after[key], schema, [token], out);
    else diffMetadata(before.metadata, after.metadata, schema, out);
  }
  return out;
}

/** A create's one entry: the creator owns every tracked field (undefined: see trieOf). */
function createdEntry(next: unknown, ctx: FieldManagerContext): ManagedFieldsEntry | undefined {
  const object = isRecord(next) ? next : {};
  const children: [string, Json][] = [];
  for (const key in object) {
    const token = `f:${key}`;
    if (!tracksTopLevel(token, ctx)) continue;
    const schema = fieldSchema(ctx.schema, key);
    const node = key === 'metadata' ? metadataNode(object.metadata, schema) : trieOf(object[key], schema);
    if (node === undefined) return undefined;
    if (!trieEmpty(node) || (key !== 'metadata' && object[key] !== null && object[key] !== undefined)) children.push([token, node]);
  }
  const entry: ManagedFieldsEntry = {
    manager: ctx.manager,
    operation: 'Update',
    apiVersion: ctx.apiVersion,
    time: ctx.time,
    fieldsType: 'FieldsV1',
    fieldsV1: sorted(children, false),
  };
  if (ctx.subresource) entry.subresource = ctx.subresource;
  return entry;
}

function metadataNode(metadata: unknown, schema: Schema | undefined): Json | undefined {
  if (!isRecord(metadata)) return {};
  const children: [string, Json][] = [];
  for (const key in metadata) {
    if (isServerMetadata(`f:${key}`)) continue;
    const node = trieOf(metadata[key], fieldSchema(schema, key));
    if (node === undefined) return undefined;
    if (metadata[key] !== null && metadata[key] !== undefined) children.push([`f:${key}`, node]);
  }
  return sorted(children, false);
}

/** Metadata but the server's fields (name, uid, resourceVersion, managedFields itself…). */
function diffMetadata(before: unknown, after: unknown, schema: Schema | undefined, out: FieldChanges): void {
  const a = isRecord(before) ? before : {};
  const b = isRecord(after) ? after : {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const token = `f:${key}`;
    if (!isServerMetadata(token)) diffFields(a[key], b[key], fieldSchema(schema, key), ['f:metadata', token], out);
  }
}

/** Beyond this many changed paths, the writer's own set is rebuilt whole rather than edited path by path. */
const EDIT_LIMIT = 8;

/** The live entries with the write's changes: a copy of each entry the write touches, the others as they are. */
function editEntries(live: unknown[], { changed, removed }: FieldChanges, ctx: FieldManagerContext): ManagedFieldsEntry[] {
  const entries = live as ManagedFieldsEntry[];
  if (!changed.length && !removed.length) return entries;
  const me = { manager: ctx.manager, operation: 'Update' as const, subresource: ctx.subresource };
  const out: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const entry of entries) {
    const isMine = sameManager(entry, me);
    const fields = (entry.fieldsV1 ?? {}) as Json;
    const hits = (isMine ? removed : [...removed, ...changed]).filter((path) => trieHas(fields, path));
    if (!hits.length && !isMine) {
      out.push(entry);
      continue;
    }
    const copy: ManagedFieldsEntry = { ...entry, fieldsV1: cloneJson(fields) };
    for (const path of hits) removeFromTrie(copy.fieldsV1, path);
    if (isMine) mine = copy;
    if (isMine || !trieEmpty(copy.fieldsV1)) out.push(copy);
  }
  if (!mine && !changed.length) return out;
  if (!mine) {
    mine = { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} };
    if (ctx.subresource) mine.subresource = ctx.subresource;
    out.push(mine);
  }
  mine.fieldsV1 = withPaths(mine.fieldsV1, changed);
  Object.assign(mine, { apiVersion: ctx.apiVersion, time: ctx.time });
  return trieEmpty(mine.fieldsV1) ? out.filter((e) => e !== mine) : out.map((e) => (e === mine ? ordered(e) : e));
}

function withPaths(trie: Json, paths: string[][]): Json {
  if (paths.length <= EDIT_LIMIT) return paths.reduce(addToTrie, trie);
  const set = fromFieldsV1(trie);
  for (const path of paths) set.add(joinPath(path));
  return toFieldsV1(set);
}

/** An entry's fields in the order Kubernetes writes them. */
function ordered(entry: ManagedFieldsEntry): ManagedFieldsEntry {
  const { manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource } = entry;
  return { manager, operation, apiVersion, ...(time ? { time } : {}), fieldsType, fieldsV1, ...(subresource ? { subresource } : {}) };
}

/** The same edit over managedFields a client sent: read into sets (a 400 for a malformed one), then written back. */
function editOwners(given: unknown, { changed, removed }: FieldChanges, ctx: FieldManagerContext): ManagedFieldsEntry[] {
  const owners = readOwners(given);
  if (!changed.length && !removed.length) return writeOwners(owners);
  const mine = ownEntry(owners, ctx, 'Update');
  for (const owner of owners) {
    for (const path of removed) owner.set.delete(joinPath(path));
    if (owner !== mine) for (const path of changed) owner.set.delete(joinPath(path));
  }
  for (const path of changed) mine.set.add(joinPath(path));
  mine.time = ctx.time;
  mine.apiVersion = ctx.apiVersion;
  return writeOwners(owners);
}

function metadataOf(object: unknown): Record<string, unknown> | undefined {
  const metadata = (object as { metadata?: unknown } | undefined)?.metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : undefined;
}

/** Deep equality of two JSON values, stopping at the first difference. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && sameJson((a as Json)[k], (b as Json)[k]));
}
