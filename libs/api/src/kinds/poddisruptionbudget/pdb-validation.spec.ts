import type { PodDisruptionBudgetSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { pdbSpecRules } from './pdb-validation';

function fieldsOf(spec: PodDisruptionBudgetSpec): string[] {
  const causes: Cause[] = [];
  pdbSpecRules(spec, causes);
  return causes.map((c) => `${c.field}: ${c.message}`);
}

describe('PodDisruptionBudget spec rules', () => {
  it('accepts a count, a percentage and an empty selector', () => {
    expect(fieldsOf({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } })).toEqual([]);
    expect(fieldsOf({ maxUnavailable: '100%', selector: {} })).toEqual([]);
  });

  it('refuses both budgets at once', () => {
    expect(fieldsOf({ minAvailable: 1, maxUnavailable: 1 })).toEqual([
      'spec: Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set',
    ]);
  });

  it('refuses negative counts and malformed or excessive percentages', () => {
    const problems = [...fieldsOf({ minAvailable: -1 }), ...fieldsOf({ maxUnavailable: 'half' }), ...fieldsOf({ minAvailable: '101%' })];
    expect(problems).toEqual([
      'spec.minAvailable: Invalid value: -1: must be greater than or equal to 0',
      expect.stringMatching(/^spec\.maxUnavailable: Invalid value: "half": a valid percent string/),
      'spec.minAvailable: Invalid value: "101%": must not be greater than 100%',
    ]);
  });

  it('requires values exactly for In and NotIn requirements', () => {
    const selector = {
      matchExpressions: [
        { key: 'a', operator: 'In' },
        { key: 'b', operator: 'Exists', values: ['x'] },
      ],
    };
    expect(fieldsOf({ selector })).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
  });
});
