// What kube-apiserver checks of a webhook's matchConditions when they are stored: at most 64,
// each with a unique qualified name and a CEL expression that parses (so a typo is refused now,
// not found on the first write it would have judged).
import { parse } from '@bufbuild/cel';
import type { AdmissionregistrationV1MatchCondition as MatchCondition } from '../../generated/kubernetes-types';
import { qualifiedName } from '../../meta/names';
import type { Cause } from '../../schema';

const MAX_CONDITIONS = 64;

function expressionRules(expression: string | undefined, field: string, causes: Cause[]): void {
  if (!expression) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
    return;
  }
  try {
    parse(expression);
  } catch (err) {
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(expression)}: compilation failed: ERROR: ${(err as Error).message}`,
    });
  }
}

export function matchConditionRules(conditions: MatchCondition[] | undefined, field: string, causes: Cause[]): void {
  if (!conditions?.length) return;
  if (conditions.length > MAX_CONDITIONS)
    causes.push({
      reason: 'FieldValueTooMany',
      field,
      message: `Too many: ${conditions.length}: must have at most ${MAX_CONDITIONS} items`,
    });
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const at = `${field}[${i}]`;
    if (!c.name) causes.push({ reason: 'FieldValueRequired', field: `${at}.name`, message: 'Required value' });
    else {
      const problem = qualifiedName(c.name);
      if (problem)
        causes.push({ reason: 'FieldValueInvalid', field: `${at}.name`, message: `Invalid value: ${JSON.stringify(c.name)}: ${problem}` });
      if (names.has(c.name))
        causes.push({ reason: 'FieldValueDuplicate', field: `${at}.name`, message: `Duplicate value: ${JSON.stringify(c.name)}` });
      names.add(c.name);
    }
    expressionRules(c.expression, `${at}.expression`, causes);
  });
}
