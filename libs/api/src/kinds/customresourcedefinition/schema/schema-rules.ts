// Checks of a CRD schema beyond its structure, made when the CRD is written: patterns compile,
// CEL rules compile, list types are consistent, defaults obey their own schema, and the value
// validations under allOf/anyOf/oneOf/not stay value validations (no types, defaults or
// extensions there; every property they name also specified outside them).
import type { JSONSchemaProps as Node } from '../../../generated/kubernetes-types';
import type { Cause } from '../../../schema';
import { fieldProblems } from './cel-fields';
import { compile } from './cel-rules';
import { compilePattern } from './pattern';
import { validateValue } from './value-rules';

const RULE_REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];

function celRules(s: Node, path: string, causes: Cause[]): void {
  (s['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    for (const key of ['rule', 'messageExpression'] as const) {
      const text = rule[key];
      if (key === 'rule' && !text?.trim()) causes.push({ reason: 'FieldValueRequired', field: `${at}.rule`, message: 'Required value' });
      if (!text?.trim()) continue;
      const invalid = (problem: string) =>
        causes.push({
          reason: 'FieldValueInvalid',
          field: `${at}.${key}`,
          message: `Invalid value: ${JSON.stringify(text)}: compilation failed: ERROR: ${problem}`,
        });
      try {
        const problems = fieldProblems(compile(text).parsed, s, path.endsWith('openAPIV3Schema'));
        if (problems.length) invalid(problems.join('; '));
      } catch (err) {
        invalid((err as Error).message);
      }
    }
    if (rule.reason && !RULE_REASONS.includes(rule.reason)) {
      const supported = RULE_REASONS.map((r) => `"${r}"`).join(', ');
      const message = `Unsupported value: ${JSON.stringify(rule.reason)}: supported values: ${supported}`;
      causes.push({ reason: 'FieldValueNotSupported', field: `${at}.reason`, message });
    }
  });
}

function patternRule(s: Node, path: string, causes: Cause[]): void {
  if (s.pattern === undefined) return;
  try {
    compilePattern(s.pattern);
  } catch (err) {
    const message = `Invalid value: ${JSON.stringify(s.pattern)}: must be a valid regular expression, but isn't: ${(err as Error).message}`;
    causes.push({ reason: 'FieldValueInvalid', field: `${path}.pattern`, message });
  }
}

function listTypeRules(s: Node, path: string, causes: Cause[]): void {
  const type = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (type === undefined) {
    if (keys?.length)
      causes.push({
        reason: 'FieldValueForbidden',
        field: `${path}.x-kubernetes-list-map-keys`,
        message: 'Forbidden: must be empty if x-kubernetes-list-type is not map',
      });
    return;
  }
  if (!['atomic', 'set', 'map'].includes(type))
    causes.push({
      reason: 'FieldValueNotSupported',
      field: `${path}.x-kubernetes-list-type`,
      message: `Unsupported value: ${JSON.stringify(type)}: supported values: "atomic", "set", "map"`,
    });
  if (type === 'map' && !keys?.length)
    causes.push({
      reason: 'FieldValueRequired',
      field: `${path}.x-kubernetes-list-map-keys`,
      message: 'Required value: must not be empty if x-kubernetes-list-type is map',
    });
  const items = s.items as Node | undefined;
  if (type === 'set' && items?.type === 'object')
    causes.push({
      reason: 'FieldValueInvalid',
      field: `${path}.items.type`,
      message: 'Invalid value: "object": must be scalar or atomic array if x-kubernetes-list-type is set',
    });
  for (const key of type === 'map' ? (keys ?? []) : [])
    if (!items?.properties?.[key])
      causes.push({
        reason: 'FieldValueRequired',
        field: `${path}.items.properties`,
        message: `Required value: entries for all x-kubernetes-list-map-keys must be specified (missing ${JSON.stringify(key)})`,
      });
}

function defaultRule(s: Node, path: string, causes: Cause[]): void {
  if (s.default === undefined) return;
  const problems: Cause[] = [];
  validateValue(s, s.default, `${path}.default`, problems);
  causes.push(...problems);
}

const NOT_IN_JUNCTORS = [
  'type',
  'default',
  'nullable',
  'additionalProperties',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-validations',
] as const;

/** Inside allOf/anyOf/oneOf/not: value validations only, over properties the outer schema specifies. */
function junctorRules(outer: Node, inner: Node, path: string, causes: Cause[]): void {
  for (const key of NOT_IN_JUNCTORS)
    if (inner[key] !== undefined)
      causes.push({ reason: 'FieldValueForbidden', field: `${path}.${key}`, message: 'Forbidden: must be empty to be structural' });
  for (const [key, child] of Object.entries(inner.properties ?? {})) {
    const spec = outer.properties?.[key];
    if (!spec && !outer['x-kubernetes-preserve-unknown-fields'])
      causes.push({
        reason: 'FieldValueRequired',
        field: `${path}.properties[${key}]`,
        message: `Required value: because it is defined in ${path.split('.').pop()}.properties[${key}]`,
      });
    else if (spec) junctorRules(spec, child, `${path}.properties[${key}]`, causes);
  }
}

/**
 * `anyOf: [{type: integer}, {type: string}]` beside x-kubernetes-int-or-string (also as allOf's
 * first anyOf): the one place upstream lets a junctor name types, since controller-gen writes every
 * IntOrString and Quantity field so (ServiceMonitor's targetPort, Argo CD's replica counts).
 */
function isIntOrStringPattern(s: Node, anyOf: Node[] | undefined): boolean {
  if (!s['x-kubernetes-int-or-string'] || anyOf?.length !== 2) return false;
  const only = (n: Node, type: string) => n.type === type && Object.keys(n).length === 1;
  return only(anyOf[0]!, 'integer') && only(anyOf[1]!, 'string');
}

function junctorsRules(s: Node, path: string, causes: Cause[]): void {
  const check = (inner: Node, at: string, intOrString: boolean) => {
    if (intOrString) return;
    junctorRules(s, inner, at, causes);
  };
  const anyOfPattern = isIntOrStringPattern(s, s.anyOf);
  (s.anyOf ?? []).forEach((inner, i) => check(inner, `${path}.anyOf[${i}]`, anyOfPattern));
  (s.oneOf ?? []).forEach((inner, i) => check(inner, `${path}.oneOf[${i}]`, false));
  (s.allOf ?? []).forEach((inner, i) => {
    if (i === 0 && isIntOrStringPattern(s, inner.anyOf) && Object.keys(inner).length === 1) return;
    check(inner, `${path}.allOf[${i}]`, false);
  });
}

/** The checks above for one schema node (its children are walked by the caller). */
export function schemaRules(s: Node, path: string, causes: Cause[]): void {
  patternRule(s, path, causes);
  listTypeRules(s, path, causes);
  celRules(s, path, causes);
  defaultRule(s, path, causes);
  junctorsRules(s, path, causes);
  if (s.not) junctorRules(s, s.not, `${path}.not`, causes);
}
