// Structural defaulting as apiextensions does it on decode (requests and reads from storage):
// a missing property, or a null one that is not nullable, gets a copy of its schema's default,
// and defaulting goes on inside what was just defaulted. Objects, open maps and list items alike.
import { isObject, itemSchema, type Node } from './json-schema';

function defaultProperties(node: Node, value: Record<string, unknown>): void {
  for (const [key, s] of Object.entries(node.properties ?? {})) {
    const missing = value[key] === undefined || (value[key] === null && !s.nullable);
    if (missing && s.default !== undefined) value[key] = structuredClone(s.default);
  }
  for (const [key, v] of Object.entries(value)) {
    const s = node.properties?.[key] ?? (isObject(node.additionalProperties) ? (node.additionalProperties as Node) : undefined);
    if (s) applyDefaults(s, v);
  }
}

/** Fills in `node`'s defaults below `value`, in place. */
export function applyDefaults(node: Node, value: unknown): void {
  if (Array.isArray(value)) {
    const items = itemSchema(node);
    if (!items) return;
    value.forEach((v, i) => {
      if (v === null && !items.nullable && items.default !== undefined) value[i] = structuredClone(items.default);
      applyDefaults(items, value[i]);
    });
  } else if (isObject(value)) {
    defaultProperties(node, value);
  }
}
