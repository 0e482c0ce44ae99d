// A webhook's matchConditions (CEL), evaluated as kube-apiserver does before calling it, with
// `object`, `oldObject` and `request` bound: any false skips the webhook; otherwise an error in
// any condition is a failed call, which the webhook's failurePolicy judges.
import { type CelInput, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import type { AdmissionregistrationV1MatchCondition as MatchCondition } from '@stevedore/api';

type Program = (bindings: Record<string, CelInput>) => unknown;

// Expressions are parsed once per text: configurations change rarely, writes often.
const programs = new Map<string, Program>();
const MAX_PROGRAMS = 1000;

function program(expression: string): Program {
  let found = programs.get(expression);
  if (!found) {
    if (programs.size >= MAX_PROGRAMS) programs.clear();
    found = plan(celEnv(), parse(expression)) as Program;
    programs.set(expression, found);
  }
  return found;
}

/** JSON as CEL sees Kubernetes objects: maps, lists, ints for whole numbers. */
export function celValue(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(celValue);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value as CelInput;
}

export type ConditionOutcome = { call: true } | { call: false } | { error: string };

export function evaluateMatchConditions(conditions: MatchCondition[] | undefined, request: Record<string, unknown>): ConditionOutcome {
  if (!conditions?.length) return { call: true };
  const bindings = { object: celValue(request.object), oldObject: celValue(request.oldObject), request: celValue(request) };
  const errors: string[] = [];
  for (const c of conditions) {
    let result: unknown;
    try {
      result = program(c.expression)(bindings);
    } catch (err) {
      result = err;
    }
    if (result === false) return { call: false };
    if (result === true) continue;
    const why = isCelError(result) || result instanceof Error ? (result as Error).message : `expected a bool, got ${String(result)}`;
    errors.push(`matchCondition ${JSON.stringify(c.name)}: ${why}`);
  }
  return errors.length ? { error: `failed to evaluate match conditions: ${errors.join('; ')}` } : { call: true };
}
