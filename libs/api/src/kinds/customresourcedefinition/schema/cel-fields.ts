// The part of CEL type-checking that catches most broken rules when the CRD is written: a field
// selected on `self` or `oldSelf` (self.spec.replicsa) must exist in the schema, and only objects
// have fields. Anything the schema leaves open (preserve-unknown-fields, maps) is not checked.
import type { parse } from '@bufbuild/cel';
import { unescapeCelField } from './cel-escaping';
import { isObject, type Node } from './json-schema';

// The parser's types, named through @bufbuild/cel (whose spec package is not ours to import).
type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr['expr'];

const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const METADATA: Node = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

/** `self.spec.foo` → { root: 'self', fields: [['spec', id], ['foo', id]] }, or undefined for anything else. */
function chain(expr: Expr): { root: string; fields: [string, bigint][] } | undefined {
  const fields: [string, bigint][] = [];
  let e: Expr | undefined = expr;
  while (e?.exprKind.case === 'selectExpr') {
    fields.unshift([e.exprKind.value.field, e.id]);
    e = e.exprKind.value.operand;
  }
  if (e?.exprKind.case !== 'identExpr') return undefined;
  return { root: e.exprKind.value.name, fields };
}

/** The schema of `field` below `node`: a Node, 'open' when anything goes, undefined when it is not there. */
function step(node: Node, escaped: string, wholeObject: boolean): Node | 'open' | undefined {
  const field = node.properties ? unescapeCelField(escaped) : escaped;
  if (node.properties?.[field]) return node.properties[field];
  if ((wholeObject || node['x-kubernetes-embedded-resource']) && OBJECT_FIELDS.has(field))
    return field === 'metadata' ? METADATA : { type: 'string' };
  if (isObject(node.additionalProperties)) return node.additionalProperties as Node;
  if (node.additionalProperties === true || node['x-kubernetes-preserve-unknown-fields']) return 'open';
  return undefined;
}

function check(select: Expr, node: Node, wholeObject: boolean, at: (id: bigint) => string): string | undefined {
  const c = chain(select);
  if (!c || (c.root !== 'self' && c.root !== 'oldSelf')) return undefined;
  let current: Node = node;
  for (const [i, [field, id]] of c.fields.entries()) {
    if (current.type && current.type !== 'object') return `${at(id)}: type '${current.type}' does not support field selection`;
    const next = step(current, field, wholeObject && i === 0);
    if (next === 'open') return undefined;
    if (!next) return `${at(id)}: undefined field '${field}'`;
    current = next;
  }
  return undefined;
}

function selects(value: unknown, out: Expr[]): void {
  if (Array.isArray(value)) for (const v of value) selects(v, out);
  else if (typeof value === 'object' && value !== null) {
    const e = value as Expr;
    if (e.exprKind?.case === 'selectExpr') out.push(e);
    for (const [k, v] of Object.entries(value)) if (k !== '$typeName') selects(v, out);
  }
}

/** Problems with the fields `parsed` selects on self/oldSelf under `node` (the root when `wholeObject`). */
export function fieldProblems(parsed: ParsedExpr, node: Node, wholeObject: boolean): string[] {
  const positions = parsed.sourceInfo?.positions ?? {};
  const at = (id: bigint) => `<input>:1:${(positions[String(id) as unknown as number] ?? 0) + 1}`;
  const found: Expr[] = [];
  selects(parsed.expr, found);
  const problems = found.map((s) => check(s, node, wholeObject, at)).filter((p): p is string => !!p);
  return [...new Set(problems)];
}
