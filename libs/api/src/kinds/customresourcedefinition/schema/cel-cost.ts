// A cost bound for CEL rules. Upstream meters every evaluation step; here a rule's cost is
// estimated before it runs from its size and how deeply its comprehensions (all, exists, map,
// filter) nest, times the number of values they can range over. A rule over the limit is not run.
import type { parse } from '@bufbuild/cel';

type Expr = ReturnType<typeof parse>['expr'];

/** kube-apiserver's per-call limit (PerCallLimit). */
export const PER_CALL_LIMIT = 1_000_000;

export interface RuleShape {
  nodes: number;
  /** Deepest nesting of comprehensions. */
  depth: number;
}

function visit(value: unknown, depth: number, shape: RuleShape): void {
  if (Array.isArray(value)) {
    for (const v of value) visit(v, depth, shape);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const kind = (value as { exprKind?: { case?: string } }).exprKind?.case;
  let d = depth;
  if (kind) {
    shape.nodes++;
    if (kind === 'comprehensionExpr') d++;
    shape.depth = Math.max(shape.depth, d);
  }
  for (const [k, v] of Object.entries(value)) if (k !== '$typeName') visit(v, d, shape);
}

export function shapeOf(expr: Expr): RuleShape {
  const shape: RuleShape = { nodes: 0, depth: 0 };
  visit(expr, 0, shape);
  return shape;
}

/** How many values a comprehension over `value` (or anything inside it) could range over. */
function elements(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + elements(v), value.length);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce<number>((n, v) => n + elements(v), 1);
  return typeof value === 'string' ? 1 + value.length / 100 : 1;
}

export function exceedsCost(shape: RuleShape, self: unknown): boolean {
  return shape.nodes * (elements(self) + 1) ** shape.depth > PER_CALL_LIMIT;
}
