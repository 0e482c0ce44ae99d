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
  SEP,
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

/**
 * Every path with a member below it, so "is this a leaf" and "does anyone own this or a field
 * inside it" are lookups rather than scans (objects have thousands of fields).
 */
export function interiorOf(set: FieldSet): Set<string> {
  const out = new Set<string>();
  for (const path of set) {
    for (let end = path.lastIndexOf(SEP); end > 0; end = path.lastIndexOf(SEP, end - 1)) {
      const prefix = path.slice(0, end);
      if (out.has(prefix)) break;
      out.add(prefix);
    }
  }
  return out;
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
