// ResourceQuotas: per-namespace caps on object counts and compute and storage requests. The
// quota admission step charges `status.used` as objects are created (quota-charge.ts); the
// resource quota controller recomputes it from what exists.
import type { ResourceQuota } from '../../generated/kubernetes-types';
import { quantityCheck } from '../../meta/quantity';
import { age, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { QUOTA_SCOPES } from './quota-scopes';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** kube-apiserver's columns: each hard limit as `name: used/hard`, those on `limits.*` in their own column. */
const printer: Printer<ResourceQuota> = {
  columns: [nameColumn, column('Age'), column('Request'), column('Limit')],
  cells: (q, now) => {
    const request: string[] = [];
    const limit: string[] = [];
    for (const name of Object.keys(q.spec?.hard ?? {}).sort()) {
      const cell = `${name}: ${q.status?.used?.[name] ?? '0'}/${q.status?.hard?.[name] ?? '0'}`;
      (name.split('.').length > 1 && name.startsWith('limits.') ? limit : request).push(cell);
    }
    return [q.metadata.name, age(q.metadata.creationTimestamp, now), request.join(', '), limit.join(', ')];
  },
};

/** The hard limits must be non-negative quantities, the scopes ones Kubernetes knows. */
function quotaRules(q: ResourceQuota): Cause[] {
  const causes: Cause[] = [];
  for (const [name, value] of Object.entries(q.spec?.hard ?? {})) {
    const field = `spec.hard[${name}]`;
    const problem = quantityCheck(String(value));
    if (problem) causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${problem}` });
    else if (String(value).trim().startsWith('-'))
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${JSON.stringify(value)}: must be greater than or equal to 0`,
      });
  }
  const supported = (value: string, field: string, values: readonly string[]) => {
    if (!values.includes(value))
      causes.push({
        reason: 'FieldValueNotSupported',
        field,
        message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      });
  };
  (q.spec?.scopes ?? []).forEach((scope, i) => supported(scope, `spec.scopes[${i}]`, QUOTA_SCOPES));
  (q.spec?.scopeSelector?.matchExpressions ?? []).forEach((r, i) => {
    const path = `spec.scopeSelector.matchExpressions[${i}]`;
    supported(r.scopeName, `${path}.scopeName`, QUOTA_SCOPES);
    supported(r.operator, `${path}.operator`, OPERATORS);
    const wantsValues = r.operator === 'In' || r.operator === 'NotIn';
    if (wantsValues && !r.values?.length)
      causes.push({
        reason: 'FieldValueRequired',
        field: `${path}.values`,
        message: "Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
      });
    if (!wantsValues && r.values?.length)
      causes.push({
        reason: 'FieldValueInvalid',
        field: `${path}.values`,
        message: `Invalid value: ${JSON.stringify(r.values)}: must be no value when \`operator\` is 'Exist' or 'DoesNotExist' for scope selector`,
      });
  });
  return causes;
}

export const resourceQuotas = defineResource<ResourceQuota>({
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  namespaced: true,
  shortNames: ['quota'],
  definition: 'io.k8s.api.core.v1.ResourceQuota',
  subresources: [subresource('status')],
  printer,
  // The controller fills status in; whatever a client sends is dropped, as kube-apiserver does.
  prepareForCreate: (q) => {
    delete q.status;
  },
  validate: (q) => quotaRules(q),
});
