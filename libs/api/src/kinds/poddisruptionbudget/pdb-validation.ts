// What Kubernetes' ValidatePodDisruptionBudgetSpec checks in code: the two budgets exclude each
// other, each is a non-negative count or a percentage up to 100%, and selector requirements
// carry values exactly when their operator takes them.
import type { IntOrString, PodDisruptionBudgetSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

const PERCENT = /^[0-9]+%$/;

function intOrPercentRules(value: IntOrString | undefined, field: string, causes: Cause[]): void {
  if (value === undefined) return;
  const invalid = (message: string) =>
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${message}` });
  if (typeof value === 'number') {
    if (value < 0) invalid('must be greater than or equal to 0');
    return;
  }
  if (!PERCENT.test(value)) {
    invalid(
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    );
    return;
  }
  if (Number.parseInt(value, 10) > 100) invalid('must not be greater than 100%');
}

function selectorRules(spec: PodDisruptionBudgetSpec, causes: Cause[]): void {
  for (const [i, req] of (spec.selector?.matchExpressions ?? []).entries()) {
    const field = `spec.selector.matchExpressions[${i}].values`;
    const takesValues = req.operator === 'In' || req.operator === 'NotIn';
    const count = req.values?.length ?? 0;
    if (takesValues && count === 0)
      causes.push({ reason: 'FieldValueRequired', field, message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" });
    if (!takesValues && count > 0)
      causes.push({
        reason: 'FieldValueForbidden',
        field,
        message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      });
  }
}

export function pdbSpecRules(spec: PodDisruptionBudgetSpec | undefined, causes: Cause[]): void {
  if (!spec) return;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec',
      message: `Invalid value: ${JSON.stringify(spec)}: minAvailable and maxUnavailable cannot be both set`,
    });
  }
  intOrPercentRules(spec.minAvailable, 'spec.minAvailable', causes);
  intOrPercentRules(spec.maxUnavailable, 'spec.maxUnavailable', causes);
  selectorRules(spec, causes);
}
