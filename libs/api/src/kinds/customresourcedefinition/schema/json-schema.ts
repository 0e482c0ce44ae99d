// Helpers over a CRD's openAPIV3Schema nodes (JSONSchemaProps), shared by validation, defaulting,
// pruning and CEL: the JSON type a value has as upstream names it, how paths are written, and
// which child schema holds a property or an item.
import type { JSONSchemaProps } from '../../../generated/kubernetes-types';

export type Node = JSONSchemaProps;

/** The JSON type of a decoded value, as kube-openapi's validator names it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field paths as apiextensions writes them: dotted properties, indexed items. */
export function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** How a value appears in an `Invalid value: X` message: numbers bare, the rest as JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(jsonType(value));
}

/** The schema of `key` in an object described by `node` (properties, then additionalProperties). */
export function propertySchema(node: Node, key: string): Node | undefined {
  const p = node.properties?.[key];
  if (p) return p;
  return isObject(node.additionalProperties) ? (node.additionalProperties as Node) : undefined;
}

export function itemSchema(node: Node): Node | undefined {
  return isObject(node.items) ? (node.items as Node) : undefined;
}

/** Unknown fields are kept under this node (x-kubernetes-preserve-unknown-fields, or an open map). */
export function keepsUnknown(node: Node): boolean {
  return !!node['x-kubernetes-preserve-unknown-fields'] || node.additionalProperties === true;
}
