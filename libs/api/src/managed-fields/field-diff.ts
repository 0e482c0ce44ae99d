// The fields a write changed, found by walking the object before and after side by side. It gives
// what comparing the two objects' whole field sets gives (see field-set.ts): paths the write added
// or whose leaf value it changed, and paths it removed. But it builds paths only where the two
// differ, so a status report or a lease renewal costs a walk, not two field sets of every path.
import type { Schema } from '../schema';
import {
  canonicalJson,
  fieldSchema,
  isAtomicObject,
  isRecord,
  itemSchema,
  type Json,
  joinPath,
  keyToken,
  listKind,
  splitPath,
  valueToken,
} from './field-path';
import { fieldSetOf, interiorOf } from './field-set';
import { valueAt } from './object-paths';

/** Paths as token lists (see field-path.ts), relative to the object. */
export interface FieldChanges {
  changed: string[][];
  removed: string[][];
}

/** What a write from `before` to `after` changed, below `path` (a value's own path in the object). */
export function diffFields(before: unknown, after: unknown, schema: Schema | undefined, path: string[], out: FieldChanges): void {
  if (before === after) return;
  const a = absent(before) ? undefined : before;
  const b = absent(after) ? undefined : after;
  if (a === undefined && b === undefined) return;
  if (a === undefined) return fieldsBelow(b, schema, path, out.changed);
  if (b === undefined) return fieldsBelow(a, schema, path, out.removed);
  if (isLeaf(a, schema) && isLeaf(b, schema)) {
    if (path.length && !sameValue(a, b)) out.changed.push(path);
    return;
  }
  if (isRecord(a) && isRecord(b) && !isLeaf(a, schema) && !isLeaf(b, schema)) {
    for (const key of unionKeys(a, b)) diffFields(a[key], b[key], fieldSchema(schema, key), [...path, `f:${key}`], out);
    return;
  }
  const granular = Array.isArray(a) && Array.isArray(b) && !isLeaf(a, schema) && !isLeaf(b, schema);
  if (granular && diffList(a, b, schema, path, out)) return;
  diffBySets(a, b, schema, path, out);
}

/** Items of two granular lists matched by key (a map list) or value (a set); false when it cannot tell (duplicate keys). */
function diffList(a: unknown[], b: unknown[], schema: Schema | undefined, path: string[], out: FieldChanges): boolean {
  const kind = listKind(schema);
  if (kind.type === 'set') {
    const before = new Set(a.map(valueToken));
    const after = new Set(b.map(valueToken));
    for (const token of after) if (!before.has(token)) out.changed.push([...path, token]);
    for (const token of before) if (!after.has(token)) out.removed.push([...path, token]);
    return true;
  }
  const before = byKey(a, kind.keys);
  const after = byKey(b, kind.keys);
  if (!before || !after) return false;
  const items = itemSchema(schema);
  for (const [token, item] of after) {
    const old = before.get(token);
    const itemPath = [...path, token];
    if (old === undefined) fieldsOfItem(item, items, itemPath, out.changed);
    else if (isRecord(old) && isRecord(item) && hasFields(old) && hasFields(item)) {
      for (const key of unionKeys(old, item)) diffFields(old[key], item[key], fieldSchema(items, key), [...itemPath, `f:${key}`], out);
    } else diffBySets(old, item, items, itemPath, out, true);
  }
  for (const [token, item] of before) if (!after.has(token)) fieldsOfItem(item, items, [...path, token], out.removed);
  return true;
}

function byKey(list: unknown[], keys: string[]): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const item of list) {
    const token = keyToken(item, keys);
    if (out.has(token)) return undefined;
    out.set(token, item);
  }
  return out;
}

/**
 * The general rule, for values whose shape changed: the fields only `b` has, and leaves whose
 * value changed, are changed; the fields only `a` has are removed. `asItem` says `path` is a
 * keyed list item, which is itself a member of the set.
 */
function diffBySets(a: unknown, b: unknown, schema: Schema | undefined, path: string[], out: FieldChanges, asItem = false): void {
  const before = asItem ? itemFields(a, schema) : fieldsOf(a, schema);
  const after = asItem ? itemFields(b, schema) : fieldsOf(b, schema);
  const interior = interiorOf(after);
  for (const rel of after) {
    const leafChanged = !interior.has(rel) && !sameValue(valueAt(a, rel).value, valueAt(b, rel).value);
    if (!before.has(rel) || leafChanged) out.changed.push(joined(path, rel));
  }
  for (const rel of before) if (!after.has(rel)) out.removed.push(joined(path, rel));
}

/** The fields of a present value, relative to it (`''` is the value itself, when it is a leaf). */
function fieldsOf(value: unknown, schema: Schema | undefined): Set<string> {
  return isLeaf(value, schema) ? new Set(['']) : fieldSetOf(value, schema);
}

/** A keyed list item's fields, relative to it: the item itself, and its fields whatever its schema says. */
function itemFields(item: unknown, schema: Schema | undefined): Set<string> {
  const out = new Set(['']);
  if (!isRecord(item)) return out;
  for (const [key, value] of Object.entries(item)) {
    if (absent(value)) continue;
    for (const rel of fieldsOf(value, fieldSchema(schema, key))) out.add(rel === '' ? `f:${key}` : joinPath([`f:${key}`, rel]));
  }
  return out;
}

function joined(path: string[], rel: string): string[] {
  return rel === '' ? path : [...path, ...splitPath(rel)];
}

/** Every field of `value`, at `path`: what a write adds or removes with it. */
function fieldsBelow(value: unknown, schema: Schema | undefined, path: string[], into: string[][]): void {
  for (const rel of fieldsOf(value, schema)) into.push(joined(path, rel));
}

/** A keyed list item: itself, and its fields. */
function fieldsOfItem(item: unknown, schema: Schema | undefined, itemPath: string[], into: string[][]): void {
  for (const rel of itemFields(item, schema)) into.push(joined(itemPath, rel));
}

/** A value the field set holds as one member: a scalar, an atomic or empty list or object. */
function isLeaf(value: unknown, schema: Schema | undefined): boolean {
  if (isRecord(value)) return isAtomicObject(schema) || !hasFields(value);
  if (Array.isArray(value)) return !value.length || listKind(schema).type === 'atomic';
  return true;
}

function hasFields(record: Json): boolean {
  for (const key in record) if (!absent(record[key])) return true;
  return false;
}

function absent(value: unknown): boolean {
  return value === null || value === undefined;
}

function unionKeys(a: Json, b: Json): string[] {
  const keys = Object.keys(a);
  for (const key of Object.keys(b)) if (!(key in a)) keys.push(key);
  return keys;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}
