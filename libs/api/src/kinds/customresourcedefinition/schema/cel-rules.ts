// x-kubernetes-validations: CEL rules compiled once per rule text (a rule that does not parse makes
// the CRD invalid) and evaluated at every schema node that has them, with `self` the node's value
// and `oldSelf` the stored one on updates. A rule using oldSelf is a transition rule: it is skipped
// when there is no old value, unless optionalOldSelf makes oldSelf an optional.
import { isCelError, parse, plan } from '@bufbuild/cel';
import type { ValidationRule } from '../../../generated/kubernetes-types';
import type { Cause } from '../../../schema';
import { exceedsCost, type RuleShape, shapeOf } from './cel-cost';
import { ABSENT, toCel, validationEnv } from './cel-library';
import { rewriteOptionalSyntax } from './cel-optional-syntax';
import type { Node } from './json-schema';

type Program = (vars: { self: unknown; oldSelf: unknown }) => unknown;
interface Compiled {
  parsed: ReturnType<typeof parse>;
  program: Program;
  shape: RuleShape;
  usesOldSelf: boolean;
}

const cache = new Map<string, Compiled>();

/** Parses and plans `expression`; throws with the parser's message when it is not CEL. */
export function compile(expression: string): Compiled {
  let c = cache.get(expression);
  if (!c) {
    const parsed = parse(rewriteOptionalSyntax(expression));
    const program = plan(validationEnv(), parsed) as unknown as Program;
    c = { parsed, program, shape: shapeOf(parsed.expr), usesOldSelf: /\boldSelf\b/.test(expression) };
    cache.set(expression, c);
  }
  return c;
}

export interface RuleInput {
  /** The schema type of the node, shown as the invalid value ("object", "string", ...). */
  type: string;
  self: unknown;
  /** The old value on an update (undefined on create, or when it cannot be correlated). */
  oldSelf: unknown;
}

function run(c: Compiled, self: unknown, oldSelf: unknown): unknown {
  const result = c.program({ self, oldSelf });
  if (isCelError(result)) throw new Error(result.message);
  return result;
}

function messageOf(rule: ValidationRule, self: unknown, oldSelf: unknown): string {
  if (rule.messageExpression) {
    try {
      const m = run(compile(rule.messageExpression), self, oldSelf);
      if (typeof m === 'string' && m.trim()) return m;
    } catch {
      // Upstream falls back to the static message when messageExpression fails.
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

function failure(rule: ValidationRule, field: string, type: string, message: string): Cause {
  switch (rule.reason) {
    case 'FieldValueRequired':
      return { reason: 'FieldValueRequired', field, message: `Required value: ${message}` };
    case 'FieldValueForbidden':
      return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${message}` };
    case 'FieldValueDuplicate':
      return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${message}` };
    default:
      return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(type)}: ${message}` };
  }
}

/** Where a failure is reported: the node, or the rule's fieldPath below it. */
function fieldOf(path: string, rule: ValidationRule): string {
  if (!rule.fieldPath) return path;
  return path ? `${path}${rule.fieldPath}` : rule.fieldPath.replace(/^\./, '');
}

/** Evaluates the node's rules, appending a cause for each that is false or fails. */
export function evaluateRules(rules: readonly ValidationRule[], node: Node, input: RuleInput, path: string, causes: Cause[]): void {
  const self = toCel(node, input.self);
  for (const rule of rules) {
    const c = compile(rule.rule);
    const hasOld = input.oldSelf !== undefined;
    if (c.usesOldSelf && !hasOld && !rule.optionalOldSelf) continue;
    // Ratcheting: a rule that only looks at self holds as it did when the unchanged value was stored.
    if (!c.usesOldSelf && hasOld && JSON.stringify(input.self) === JSON.stringify(input.oldSelf)) continue;
    const oldSelf = hasOld ? toCel(node, input.oldSelf) : c.usesOldSelf ? ABSENT : null;
    const field = fieldOf(path, rule);
    if (exceedsCost(c.shape, input.self)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${JSON.stringify(input.type)}: call cost exceeds limit for rule: ${rule.rule}`,
      });
      continue;
    }
    try {
      if (run(c, self, oldSelf) !== true) causes.push(failure(rule, field, input.type, messageOf(rule, self, oldSelf)));
    } catch (err) {
      const label = rule.message ?? `failed rule: ${rule.rule}`;
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${JSON.stringify(input.type)}: ${label}: ${(err as Error).message}`,
      });
    }
  }
}
