// The FieldsV1 trie of the fields a value sets, built in one walk: what encoding its field set
// (field-set.ts) gives, without the set's joined path strings in between. A create records every
// field of the new object, so this is the create's whole cost of field ownership.
import type { Schema } from '../schema';
import { fieldSchema, isAtomicObject, isRecord, itemSchema, type Json, keyToken, listKind, valueToken } from './field-path';

/** Thrown inside the walk for a list whose items share a key; the caller then encodes the field set instead. */
class DuplicateItems extends Error {}

/** `value`'s trie, or undefined when a keyed list holds two items of one key (rare; see fieldSetOf). */
export function trieOf(value: unknown, schema: Schema | undefined): Json | undefined {
  try {
    return nodeOf(value, schema) ?? {};
  } catch (err) {
    if (err instanceof DuplicateItems) return undefined;
    throw err;
  }
}

/** The node of a value at a field's path: `{}` for a leaf, its fields' nodes otherwise; undefined for null. */
export function nodeOf(value: unknown, schema: Schema | undefined): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (isRecord(value)) {
    if (isAtomicObject(schema)) return {};
    const children: [string, Json][] = [];
    for (const key in value) {
      const child = nodeOf(value[key], fieldSchema(schema, key));
      if (child) children.push([`f:${key}`, child]);
    }
    return sorted(children, false);
  }
  if (!Array.isArray(value)) return {};
  const kind = listKind(schema);
  if (kind.type === 'atomic' || !value.length) return {};
  const tokens = new Set<string>();
  const children: [string, Json][] = [];
  for (const item of value) {
    const token = kind.type === 'set' ? valueToken(item) : keyToken(item, kind.keys);
    if (tokens.has(token)) {
      if (kind.type === 'set') continue;
      throw new DuplicateItems();
    }
    tokens.add(token);
    children.push([token, kind.type === 'set' ? {} : itemNode(item, itemSchema(schema))]);
  }
  return sorted(children, false);
}

/** A keyed list item: a member itself, with its fields below it whatever its schema says. */
function itemNode(item: unknown, schema: Schema | undefined): Json {
  if (!isRecord(item)) return {};
  const children: [string, Json][] = [];
  for (const key in item) {
    const child = nodeOf(item[key], fieldSchema(schema, key));
    if (child) children.push([`f:${key}`, child]);
  }
  return sorted(children, true);
}

/** A node with its children in FieldsV1's sorted order, `.` first when it is a member with fields below it. */
export function sorted(children: [string, Json][], member: boolean): Json {
  children.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const node: Json = member && children.length ? { '.': {} } : {};
  for (const [key, child] of children) node[key] = child;
  return node;
}
