// Value validation of a custom object against its structural schema, as apiextensions does it
// with kube-openapi's validator: the type, then the keyword checks of each node, with upstream's
// "<path> in body should ..." wording, then the children. Returns every problem, not the first.
import type { Cause } from '../../../schema';
import { embeddedRules } from './embedded-resource';
import { hasFormat } from './formats';
import { child, isObject, jsonType, type Node, shown } from './json-schema';
import { listTypeRules } from './list-types';
import { compilePattern } from './pattern';

type Causes = Cause[];

function invalid(causes: Causes, path: string, value: unknown, message: string): void {
  causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${shown(value)}: ${message}` });
}

function typeMatches(node: Node, value: unknown): boolean {
  const actual = jsonType(value);
  if (node['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
  if (!node.type) return true;
  return actual === node.type || (node.type === 'number' && actual === 'integer');
}

function typeRule(node: Node, value: unknown, path: string, causes: Causes): boolean {
  if (value === null && node.nullable) return false;
  if (typeMatches(node, value)) return true;
  const want = node['x-kubernetes-int-or-string'] ? 'integer,string' : node.type;
  const message = `Invalid value: ${shown(jsonType(value))}: ${path} in body must be of type ${want}: ${JSON.stringify(jsonType(value))}`;
  causes.push({ reason: 'FieldValueTypeInvalid', field: path, message });
  return false;
}

function numberRules(node: Node, n: number, path: string, causes: Causes): void {
  const where = `${path} in body`;
  if (node.maximum !== undefined) {
    if (node.exclusiveMaximum ? n >= node.maximum : n > node.maximum)
      invalid(causes, path, n, `${where} should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`);
  }
  if (node.minimum !== undefined) {
    if (node.exclusiveMinimum ? n <= node.minimum : n < node.minimum)
      invalid(causes, path, n, `${where} should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`);
  }
  if (node.multipleOf && !Number.isInteger(Number((n / node.multipleOf).toPrecision(12))))
    invalid(causes, path, n, `${where} should be a multiple of ${node.multipleOf}`);
}

function stringRules(node: Node, s: string, path: string, causes: Causes): void {
  const length = [...s].length;
  if (node.maxLength !== undefined && length > node.maxLength)
    causes.push({ reason: 'FieldValueTooLong', field: path, message: `Too long: may not be more than ${node.maxLength} bytes` });
  if (node.minLength !== undefined && length < node.minLength)
    invalid(causes, path, s, `${path} in body should be at least ${node.minLength} chars long`);
  if (node.pattern !== undefined && !compilePattern(node.pattern).test(s))
    invalid(causes, path, s, `${path} in body should match '${node.pattern}'`);
}

function enumRule(node: Node, value: unknown, path: string, causes: Causes): void {
  if (!node.enum || node.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return;
  const list = node.enum.map((e) => JSON.stringify(e)).join(', ');
  causes.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${shown(value)}: supported values: ${list}` });
}

function countRules(kind: 'items' | 'properties', node: Node, count: number, path: string, causes: Causes): void {
  const max = kind === 'items' ? node.maxItems : node.maxProperties;
  const min = kind === 'items' ? node.minItems : node.minProperties;
  if (max !== undefined && count > max)
    causes.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${count}: must have at most ${max} items` });
  if (min !== undefined && count < min) invalid(causes, path, count, `${path} in body should have at least ${min} ${kind}`);
}

/** allOf, anyOf, oneOf and not: in a structural schema they only add value checks (no types, no defaults). */
function logicRules(node: Node, value: unknown, path: string, causes: Causes): void {
  const passes = (s: Node) => {
    const sub: Causes = [];
    validateValue(s, value, path, sub);
    return sub;
  };
  for (const s of node.allOf ?? []) causes.push(...passes(s));
  if (node.anyOf && !node.anyOf.some((s) => passes(s).length === 0))
    invalid(causes, path, value, `${path} in body must validate at least one schema (anyOf)`);
  if (node.oneOf && node.oneOf.filter((s) => passes(s).length === 0).length !== 1)
    invalid(causes, path, value, `${path} in body must validate one and only one schema (oneOf)`);
  if (node.not && passes(node.not).length === 0) invalid(causes, path, value, `${path} in body must not validate the schema (not)`);
}

function objectRules(node: Node, value: Record<string, unknown>, path: string, causes: Causes): void {
  countRules('properties', node, Object.keys(value).length, path, causes);
  for (const key of node.required ?? [])
    if (value[key] === undefined) causes.push({ reason: 'FieldValueRequired', field: child(path, key), message: 'Required value' });
  if (node['x-kubernetes-embedded-resource']) embeddedRules(value, path, causes);
  for (const [key, v] of Object.entries(value)) {
    const s = node.properties?.[key] ?? (isObject(node.additionalProperties) ? (node.additionalProperties as Node) : undefined);
    if (s && v !== undefined) validateValue(s, v, child(path, key), causes);
  }
}

function arrayRules(node: Node, value: unknown[], path: string, causes: Causes): void {
  countRules('items', node, value.length, path, causes);
  listTypeRules(node, value, path, causes);
  const items = isObject(node.items) ? (node.items as Node) : undefined;
  if (items) value.forEach((v, i) => validateValue(items, v, `${path}[${i}]`, causes));
}

/** Appends a cause for every way `value` at `path` breaks `node` and the schemas below it. */
export function validateValue(node: Node, value: unknown, path: string, causes: Causes): void {
  if (!typeRule(node, value, path, causes)) return;
  enumRule(node, value, path, causes);
  if (node.format && !hasFormat(node.format, value))
    invalid(causes, path, value, `${path} in body must be of type ${node.format}: ${JSON.stringify(String(value))}`);
  if (typeof value === 'number') numberRules(node, value, path, causes);
  if (typeof value === 'string') stringRules(node, value, path, causes);
  logicRules(node, value, path, causes);
  if (Array.isArray(value)) arrayRules(node, value, path, causes);
  else if (isObject(value)) objectRules(node, value, path, causes);
}
