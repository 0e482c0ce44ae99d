// A field's path in an object, as server-side apply names it: one token per step, in FieldsV1's
// spelling (`f:name` a field, `k:{"name":"app"}` a keyed list item, `v:"x"` a set item, `i:0` an
// index), so a path's tokens are also the keys of the FieldsV1 trie.
import { ArraySchema, MapSchema, ObjectSchema, type Schema } from '../schema';

export type Json = Record<string, unknown>;

/** Tokens joined by a character no field name or JSON text holds unescaped. */
export const SEP = '\u0000';

export function joinPath(tokens: readonly string[]): string {
  return tokens.join(SEP);
}

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split(SEP);
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values spell equal tokens. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export interface ListKind {
  type: 'atomic' | 'map' | 'set';
  keys: string[];
}

/**
 * A list's kind from its schema: the declared list type, else the strategic-merge markers (a
 * merge key makes a map, `merge` alone a set); lists nothing describes are atomic.
 */
export function listKind(schema: Schema | undefined): ListKind {
  if (!(schema instanceof ArraySchema)) return { type: 'atomic', keys: [] };
  const { listType, listMapKeys, mergeKey, patchStrategy } = schema.strategy;
  const keys = listMapKeys ?? (mergeKey ? [mergeKey] : []);
  if (listType) return { type: listType === 'map' && !keys.length ? 'atomic' : listType, keys };
  if (mergeKey) return { type: 'map', keys };
  return { type: patchStrategy === 'merge' ? 'set' : 'atomic', keys };
}

export function isAtomicObject(schema: Schema | undefined): boolean {
  return schema instanceof ObjectSchema && schema.atomic;
}

export function fieldSchema(schema: Schema | undefined, name: string): Schema | undefined {
  if (schema instanceof ObjectSchema) return schema.property(name);
  if (schema instanceof MapSchema) return schema.value;
  return undefined;
}

export function itemSchema(schema: Schema | undefined): Schema | undefined {
  return schema instanceof ArraySchema ? schema.item : undefined;
}

/**
 * Key fields Kubernetes defaults when a manifest leaves them out (a port's protocol), so an
 * applied item and the stored, defaulted one name the same item.
 */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

export function keyOf(item: unknown, keys: readonly string[]): Json {
  const key: Json = {};
  for (const k of keys) {
    const value = isRecord(item) ? (item[k] ?? KEY_DEFAULTS[k]) : undefined;
    if (value !== undefined) key[k] = value;
  }
  return key;
}

export function keyToken(item: unknown, keys: readonly string[]): string {
  return `k:${canonicalJson(keyOf(item, keys))}`;
}

export function valueToken(item: unknown): string {
  return `v:${canonicalJson(item)}`;
}

/** The path as Kubernetes prints it in conflicts: `.spec.containers[name="app"].image`. */
export function printPath(path: string): string {
  return splitPath(path)
    .map((token) => {
      const body = token.slice(2);
      if (token.startsWith('f:')) return `.${body}`;
      if (token.startsWith('i:')) return `[${body}]`;
      if (token.startsWith('v:')) return `[=${body}]`;
      const key = JSON.parse(body) as Json;
      return `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}
