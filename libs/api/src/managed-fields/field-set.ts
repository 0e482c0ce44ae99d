// The set of fields an object sets, and its FieldsV1 encoding. A set holds every leaf (a scalar,
// an atomic list or object, an empty object, a set item) and every keyed list item itself; plain
// objects are only the way to their fields, as in Kubernetes' structured-merge-diff.
import { badRequest } from '../meta/status';
import type { Schema } from '../schema';
import {
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

export type FieldSet = Set<string>;

/** The fields `value` sets, by `schema` (lists and objects it does not describe are atomic and granular). */
export function fieldSetOf(value: unknown, schema: Schema | undefined): FieldSet {
  const out: FieldSet = new Set();
  collect(value, schema, [], out);
  return out;
}

function collect(value: unknown, schema: Schema | undefined, path: string[], out: FieldSet): void {
  if (value === null || value === undefined) return;
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
    if (isAtomicObject(schema) || !entries.length) {
      if (path.length) out.add(joinPath(path));
      return;
    }
    for (const [k, v] of entries) collect(v, fieldSchema(schema, k), [...path, `f:${k}`], out);
    return;
  }
  if (!Array.isArray(value)) {
    out.add(joinPath(path));
    return;
  }
  const kind = listKind(schema);
  if (kind.type === 'atomic' || !value.length) out.add(joinPath(path));
  else if (kind.type === 'set') for (const item of value) out.add(joinPath([...path, valueToken(item)]));
  else {
    for (const item of value) {
      const itemPath = [...path, keyToken(item, kind.keys)];
      out.add(joinPath(itemPath));
      if (isRecord(item)) {
        for (const [k, v] of Object.entries(item)) collect(v, fieldSchema(itemSchema(schema), k), [...itemPath, `f:${k}`], out);
      }
    }
  }
}

/** Paths of `set` under `prefix` tokens, `prefix` included when it is a member. */
export function within(set: FieldSet, prefix: readonly string[]): FieldSet {
  const start = joinPath(prefix);
  return new Set([...set].filter((p) => p === start || p.startsWith(`${start}\u0000`)));
}

export function without(set: FieldSet, remove: Iterable<string>): FieldSet {
  const out = new Set(set);
  for (const p of remove) out.delete(p);
  return out;
}

/** True when `set` holds `path` or a field below it. */
export function ownsAtOrBelow(set: FieldSet, path: string): boolean {
  if (set.has(path)) return true;
  for (const p of set) if (p.startsWith(`${path}\u0000`)) return true;
  return false;
}

/** True when `path` has no member below it in `set`: a value server-side apply compares and replaces. */
export function isLeaf(set: FieldSet, path: string): boolean {
  for (const p of set) if (p.startsWith(`${path}\u0000`)) return false;
  return true;
}

interface Node {
  member: boolean;
  children: Map<string, Node>;
}

/** The FieldsV1 trie: a member with fields below it gets a `.` entry, a member leaf is `{}`. */
export function toFieldsV1(set: FieldSet): Json {
  const root: Node = { member: false, children: new Map() };
  for (const path of set) {
    let node = root;
    for (const token of splitPath(path)) {
      let child = node.children.get(token);
      if (!child) {
        child = { member: false, children: new Map() };
        node.children.set(token, child);
      }
      node = child;
    }
    node.member = true;
  }
  return encode(root);
}

function encode(node: Node): Json {
  const out: Json = {};
  if (node.member && node.children.size) out['.'] = {};
  for (const token of [...node.children.keys()].sort()) out[token] = encode(node.children.get(token)!);
  return out;
}

/** Reads a FieldsV1 trie back; anything but that shape is a 400, naming where. */
export function fromFieldsV1(fields: unknown, where = 'fieldsV1'): FieldSet {
  const out: FieldSet = new Set();
  decode(fields, [], out, where);
  return out;
}

function decode(node: unknown, path: string[], out: FieldSet, where: string): void {
  if (!isRecord(node)) throw badRequest(`${where}: a FieldsV1 entry must be an object`);
  const keys = Object.keys(node);
  if (!keys.length || keys.includes('.')) {
    if (path.length) out.add(joinPath(path));
  }
  for (const key of keys) {
    if (key === '.') continue;
    if (!/^[fkvi]:/.test(key)) throw badRequest(`${where}: unknown FieldsV1 key ${JSON.stringify(key)}`);
    decode(node[key], [...path, key], out, where);
  }
}
