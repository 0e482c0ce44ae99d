// What ValidateRuleWithOperations checks of a webhook's rules: known operations, non-empty
// groups/versions/resources, `*` alone when present, and a known scope.
import type { RuleWithOperations } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

export const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'] as const;
export const SCOPES = ['*', 'Cluster', 'Namespaced'] as const;

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

function starAlone(values: string[], field: string, what: string, causes: Cause[]): void {
  if (values.includes('*') && values.length > 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(values)}: if '*' is present, must not specify other ${what}`,
    });
}

function listRules(values: string[] | undefined, field: string, what: string, causes: Cause[]): void {
  if (!values?.length) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
    return;
  }
  starAlone(values, field, what, causes);
}

function resourceRules(resources: string[] | undefined, field: string, causes: Cause[]): void {
  if (!resources?.length) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
    return;
  }
  resources.forEach((r, i) => {
    if (!r) causes.push({ reason: 'FieldValueRequired', field: `${field}[${i}]`, message: 'Required value' });
    const [main, sub] = r.split('/', 2);
    if (r.includes('/') && (!main || !sub))
      causes.push({
        reason: 'FieldValueInvalid',
        field: `${field}[${i}]`,
        message: `Invalid value: ${JSON.stringify(r)}: must be of the form 'resource' or 'resource/subresource'`,
      });
  });
  if (resources.includes('*/*') && resources.length > 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(resources)}: if '*/*' is present, must not specify other resources`,
    });
}

export function ruleRules(rule: RuleWithOperations, field: string, causes: Cause[]): void {
  const operations = rule.operations ?? [];
  if (!operations.length) causes.push({ reason: 'FieldValueRequired', field: `${field}.operations`, message: 'Required value' });
  operations.forEach((op, i) => {
    if (!(OPERATIONS as readonly string[]).includes(op))
      causes.push({
        reason: 'FieldValueNotSupported',
        field: `${field}.operations[${i}]`,
        message: `Unsupported value: ${JSON.stringify(op)}: supported values: ${quoted(OPERATIONS)}`,
      });
  });
  starAlone(operations, `${field}.operations`, 'operations', causes);
  listRules(rule.apiGroups, `${field}.apiGroups`, 'API groups', causes);
  listRules(rule.apiVersions, `${field}.apiVersions`, 'API versions', causes);
  resourceRules(rule.resources, `${field}.resources`, causes);
  if (rule.scope !== undefined && !(SCOPES as readonly string[]).includes(rule.scope))
    causes.push({
      reason: 'FieldValueNotSupported',
      field: `${field}.scope`,
      message: `Unsupported value: ${JSON.stringify(rule.scope)}: supported values: ${quoted(SCOPES)}`,
    });
}
