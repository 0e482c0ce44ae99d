// Sample values for every field of a definition, made from the definitions themselves: the
// schema walk test creates one object per field and reads it back. Values satisfy the field
// rules (allowed values, ranges); strings are "sample", which passes every name rule.
import { definition, type OpenApiSchema, refName, stricterRequired } from './definitions';
import { type FieldRule, fieldRule } from './field-rules';

export type FieldPath = (string | number)[];

export interface FieldSample {
  /** Property names, 0 for a list's item, "sample" for a map's key. */
  path: FieldPath;
  value: unknown;
}

/** Values chosen for given paths (dotted, without indexes), where a kind's own rules narrow the allowed ones. */
export type Preferred = Record<string, unknown>;

const SCALARS: Record<string, unknown> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 1,
  'io.k8s.apimachinery.pkg.api.resource.Quantity': '1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': '2026-01-01T00:00:00Z',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': '2026-01-01T00:00:00.000001Z',
};
const FREE_FORM = { sample: 'sample' };
const MAX_DEPTH = 16;

export function dotted(path: FieldPath): string {
  return path.filter((p) => typeof p === 'string' && p !== '').join('.');
}

function resolve(node: OpenApiSchema): { node: OpenApiSchema; name?: string } {
  if (!node.$ref) return { node };
  const name = refName(node.$ref);
  return { node: definition(name), name };
}

function scalar(node: OpenApiSchema, name: string | undefined, rule: FieldRule | undefined): unknown {
  if (name && name in SCALARS) return SCALARS[name];
  if (node.format === 'int-or-string') return 1;
  if (
    node['x-kubernetes-preserve-unknown-fields'] ||
    (node.type === 'object' && !node.properties && !node.additionalProperties) ||
    !node.type
  )
    return FREE_FORM;
  switch (node.type) {
    case 'string':
      if (rule?.oneOf) return rule.oneOf.find((v) => v !== '') ?? '';
      if (node.format === 'byte') return 'c2FtcGxl';
      return node.format === 'date-time' ? SCALARS['io.k8s.apimachinery.pkg.apis.meta.v1.Time'] : 'sample';
    case 'integer':
      return Math.max(rule?.min ?? 1, 1);
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

function isStructured(node: OpenApiSchema): boolean {
  return node.type === 'array' || !!node.properties || typeof node.additionalProperties === 'object';
}

/** Where in an object a value goes: what minimalValue needs beside the schema. */
interface Place {
  /** The definition holding the field (for its field rules). */
  owner: string;
  rule?: FieldRule;
  depth: number;
  path: FieldPath;
  preferred: Preferred;
}

function inside(place: Place, step: string | number, owner: string, rule?: FieldRule): Place {
  return { ...place, owner, rule, depth: place.depth + 1, path: [...place.path, step] };
}

/** The smallest valid value of a schema: its required fields, recursively. */
function minimalValue(schema: OpenApiSchema, place: Place): unknown {
  const { node, name } = resolve(schema);
  const key = dotted(place.path);
  if (key in place.preferred) return place.preferred[key];
  if (node['x-kubernetes-preserve-unknown-fields']) return FREE_FORM;
  if (!isStructured(node) || (name && name in SCALARS)) return scalar(node, name, place.rule);
  if (node.type === 'array') return [minimalValue(node.items ?? {}, inside(place, 0, place.owner))];
  if (typeof node.additionalProperties === 'object') {
    const valueRule = place.rule && { oneOf: place.rule.oneOf };
    return { sample: minimalValue(node.additionalProperties, inside(place, 'sample', place.owner, valueRule)) };
  }
  const out: Record<string, unknown> = {};
  if (place.depth > MAX_DEPTH) return out;
  const owner = name ?? place.owner;
  for (const prop of new Set([...(node.required ?? []), ...(name ? stricterRequired(name) : [])])) {
    const child = node.properties?.[prop];
    if (child) out[prop] = minimalValue(child, inside(place, prop, owner, fieldRule(owner, prop)));
  }
  return out;
}

/** One sample per leaf field of a definition (scalars, free-form objects), depth first. */
export function fieldSamples(name: string, preferred: Preferred = {}): FieldSample[] {
  const out: FieldSample[] = [];
  walk(definition(name), { owner: name, depth: 0, path: [], preferred }, new Set([name]), out);
  return out;
}

/** `seen`: the definitions on the way here, so a definition inside itself is walked once. */
function walk(schema: OpenApiSchema, place: Place, seen: Set<string>, out: FieldSample[]): void {
  const { node, name } = resolve(schema);
  if (name && seen.has(name) && place.depth > 0) return;
  const key = dotted(place.path);
  if (key in place.preferred) {
    out.push({ path: place.path, value: place.preferred[key] });
    return;
  }
  const leaf = !isStructured(node) || (name && name in SCALARS) || node['x-kubernetes-preserve-unknown-fields'] || place.depth > MAX_DEPTH;
  if (leaf) {
    out.push({ path: place.path, value: scalar(node, name, place.rule) });
    return;
  }
  const inner = name ? new Set([...seen, name]) : seen;
  if (node.type === 'array') return walk(node.items ?? {}, inside(place, 0, place.owner), inner, out);
  if (typeof node.additionalProperties === 'object') {
    const valueRule = place.rule && { oneOf: place.rule.oneOf };
    return walk(node.additionalProperties, inside(place, 'sample', place.owner, valueRule), inner, out);
  }
  const owner = name ?? place.owner;
  for (const [prop, child] of Object.entries(node.properties ?? {}))
    walk(child, inside(place, prop, owner, fieldRule(owner, prop)), inner, out);
}

/**
 * `base` with the sample's field set; containers on the way that are missing are created with
 * their own required fields, so the object stays valid.
 */
export function withField(
  base: Record<string, unknown>,
  name: string,
  sample: FieldSample,
  preferred: Preferred = {},
): Record<string, unknown> {
  const root = structuredClone(base);
  let node: Record<string | number, unknown> = root;
  let schema: OpenApiSchema = definition(name);
  let owner = name;
  sample.path.forEach((step, i) => {
    const { node: resolved, name: defName } = resolve(schema);
    if (defName) owner = defName;
    const child =
      resolved.type === 'array'
        ? (resolved.items ?? {})
        : typeof resolved.additionalProperties === 'object'
          ? resolved.additionalProperties
          : (resolved.properties?.[step as string] ?? {});
    if (i === sample.path.length - 1) {
      node[step] = sample.value;
      return;
    }
    if (node[step] === undefined || node[step] === null) {
      const rule = typeof step === 'string' ? fieldRule(owner, step) : undefined;
      node[step] = minimalValue(child, { owner, rule, depth: 0, path: sample.path.slice(0, i + 1), preferred });
    }
    if (Array.isArray(node[step]) && (node[step] as unknown[]).length === 0) (node[step] as unknown[]).push({});
    node = node[step] as Record<string | number, unknown>;
    schema = child;
  });
  return root;
}

/** The value at `path`, or undefined. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>((node, step) => (node == null ? undefined : (node as Record<string | number, unknown>)[step]), object);
}

/** The smallest valid object of a definition. */
export function minimalObject(name: string, preferred: Preferred = {}): Record<string, unknown> {
  return minimalValue({ $ref: `#/definitions/${name}` }, { owner: name, depth: 0, path: [], preferred }) as Record<string, unknown>;
}
