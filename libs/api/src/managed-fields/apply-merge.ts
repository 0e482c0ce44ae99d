// Merging an applied configuration into the live object, steered by the schema: objects field by
// field, keyed lists item by item, set lists as unions, atomic values replaced whole. Removing
// what the applier no longer sets is apply.ts's job, not this one's.
import type { Schema } from '../schema';
import { fieldSchema, isAtomicObject, isRecord, itemSchema, type Json, keyToken, listKind, valueToken } from './field-path';

/** `live` with `applied` merged in; neither is modified. Nulls in `applied` set nothing. */
export function mergeApplied(live: unknown, applied: unknown, schema: Schema | undefined): unknown {
  if (applied === null || applied === undefined) return structuredClone(live);
  if (isRecord(applied) && !isAtomicObject(schema)) {
    const out: Json = isRecord(live) ? structuredClone(live) : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null || v === undefined) continue;
      out[k] = mergeApplied(out[k], v, fieldSchema(schema, k));
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const kind = listKind(schema);
    if (kind.type === 'map') return mergeKeyed(live, applied, kind.keys, itemSchema(schema));
    if (kind.type === 'set') return mergeSet(live, applied);
  }
  return structuredClone(applied);
}

function mergeKeyed(live: unknown[], applied: unknown[], keys: string[], schema: Schema | undefined): unknown[] {
  const out = structuredClone(live);
  for (const item of applied) {
    const token = keyToken(item, keys);
    const index = out.findIndex((e) => keyToken(e, keys) === token);
    if (index >= 0) out[index] = mergeApplied(out[index], item, schema);
    else out.push(mergeApplied(undefined, item, schema));
  }
  return out;
}

function mergeSet(live: unknown[], applied: unknown[]): unknown[] {
  const out = structuredClone(live);
  const present = new Set(out.map(valueToken));
  for (const item of applied) if (!present.has(valueToken(item))) out.push(structuredClone(item));
  return out;
}
