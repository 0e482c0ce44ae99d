// Strategic merge patch as kubectl sends it, steered by our schemas: keyed lists merge by their
// merge key, other lists are replaced whole, and the $-directives are consumed, never stored.

import { badRequest } from '../meta/status';
import { ArraySchema, MapSchema, ObjectSchema, type Schema } from '../schema';
import { isObject } from './json-merge-patch';

type Json = Record<string, unknown>;
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function childSchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (schema instanceof ObjectSchema) return schema.property(key);
  if (schema instanceof MapSchema) return schema.value;
  return undefined;
}

/** Applies `patch` to `original` (neither is modified) and returns the merged object. */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: Schema | undefined): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return applyStrategicMergePatch(undefined, withoutKey(patch, '$patch'), schema);
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch !== undefined) throw badRequest(`unknown patch directive $patch: ${JSON.stringify(patch.$patch)}`);
  const result: Json = isObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else result[key] = mergeValue(result[key], value, childSchema(schema, key));
  }
  applyListDirectives(result, patch);
  if (patch.$retainKeys !== undefined) retainKeys(result, patch.$retainKeys);
  return result;
}

function mergeValue(original: unknown, value: unknown, schema: Schema | undefined): unknown {
  if (Array.isArray(value)) {
    if (schema instanceof ArraySchema && schema.strategy.mergeKey) return mergeKeyedList(original, value, schema);
    if (schema instanceof ArraySchema && schema.strategy.patchStrategy === 'merge') return union(original, value);
    return value.map((item) => applyStrategicMergePatch(undefined, item, schema instanceof ArraySchema ? schema.item : undefined));
  }
  if (isObject(value)) return applyStrategicMergePatch(original, value, schema);
  return value;
}

function mergeKeyedList(original: unknown, patchList: unknown[], schema: ArraySchema): unknown[] {
  const key = schema.strategy.mergeKey!;
  const replace = patchList.some((item) => isObject(item) && item.$patch === 'replace');
  const items = patchList.filter((item) => !(isObject(item) && item.$patch === 'replace'));
  const result: unknown[] = !replace && Array.isArray(original) ? [...original] : [];
  for (const item of items) {
    if (!isObject(item)) throw badRequest(`list items merged by "${key}" must be objects`);
    const index = result.findIndex((e) => isObject(e) && e[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const merged = applyStrategicMergePatch(index >= 0 ? result[index] : undefined, item, schema.item);
    if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}

function union(original: unknown, values: unknown[]): unknown[] {
  const result = Array.isArray(original) ? [...original] : [];
  for (const v of values) if (!result.includes(v)) result.push(v);
  return result;
}

/** `$deleteFromPrimitiveList/x` removes values; `$setElementOrder/x` gives the final order of x. */
function applyListDirectives(result: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const remove = new Set(Array.isArray(value) ? value : []);
      if (Array.isArray(result[field])) result[field] = (result[field] as unknown[]).filter((v) => !remove.has(v));
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER) || !Array.isArray(order)) continue;
    const field = key.slice(SET_ORDER.length);
    if (Array.isArray(result[field])) result[field] = reorder(result[field] as unknown[], order);
  }
}

function reorder(list: unknown[], order: unknown[]): unknown[] {
  const position = (item: unknown): number => {
    const index = order.findIndex((o) => {
      if (!isObject(o)) return JSON.stringify(o) === JSON.stringify(item);
      return isObject(item) && Object.entries(o).every(([k, v]) => item[k] === v);
    });
    return index < 0 ? order.length : index;
  };
  return list
    .map((item, i) => ({ item, i, p: position(item) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((e) => e.item);
}

function retainKeys(result: Json, keys: unknown): void {
  if (!Array.isArray(keys)) throw badRequest('$retainKeys must be a list of field names');
  for (const k of Object.keys(result)) if (!keys.includes(k)) delete result[k];
}

function withoutKey(obj: Json, key: string): Json {
  const { [key]: _dropped, ...rest } = obj;
  return rest;
}
