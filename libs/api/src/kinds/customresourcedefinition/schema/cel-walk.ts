// Runs x-kubernetes-validations over an object: each schema node's rules with its value as self,
// and as oldSelf the old object's value at the same place. Old values correlate through object
// properties, map keys and the items of x-kubernetes-list-type=map lists (by their keys); items of
// atomic lists and sets have no old value, as upstream's ratcheting correlation has none.
import type { Cause } from '../../../schema';
import { evaluateRules } from './cel-rules';
import { child, isObject, itemSchema, type Node, propertySchema } from './json-schema';

function correlatedItem(node: Node, item: unknown, old: unknown): unknown {
  if (node['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || !isObject(item)) return undefined;
  const keys = node['x-kubernetes-list-map-keys'] ?? [];
  return old.find((o) => isObject(o) && keys.every((k) => JSON.stringify(o[k]) === JSON.stringify(item[k])));
}

/** Appends a cause for every rule below `node` that `value` (with `old`, on updates) breaks. */
export function validateRules(node: Node, value: unknown, old: unknown, path: string, causes: Cause[]): void {
  if (value === undefined || value === null) return;
  const rules = node['x-kubernetes-validations'];
  if (rules?.length) evaluateRules(rules, node, { type: node.type ?? 'object', self: value, oldSelf: old }, path, causes);
  if (Array.isArray(value)) {
    const items = itemSchema(node);
    if (items) value.forEach((v, i) => validateRules(items, v, correlatedItem(node, v, old), `${path}[${i}]`, causes));
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const s = propertySchema(node, key);
      if (s) validateRules(s, v, isObject(old) ? old[key] : undefined, child(path, key), causes);
    }
  }
}
