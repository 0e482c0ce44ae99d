// ValidateValidatingWebhookConfiguration / ValidateMutatingWebhookConfiguration for v1: the
// checks the API server makes in code before it stores a webhook configuration.
import type { LabelSelector, MutatingWebhook, ValidatingWebhook } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { clientConfigRules } from './webhook-client-config';
import { matchConditionRules } from './webhook-match-conditions';
import { ruleRules } from './webhook-rules';

const REVIEW_VERSIONS = ['v1'];
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
export const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
const FULLY_QUALIFIED = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function oneOf(value: string | undefined, allowed: string[], field: string, causes: Cause[]): void {
  if (value === undefined || allowed.includes(value)) return;
  const supported = allowed.map((v) => `"${v}"`).join(', ');
  causes.push({
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported}`,
  });
}

function nameRules(name: string, field: string, causes: Cause[]): void {
  if (!name) causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
  else if (name.length > 253 || !FULLY_QUALIFIED.test(name) || name.split('.').length < 3)
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(name)}: should be a domain with at least three segments separated by dots`,
    });
}

function reviewVersionRules(versions: string[] | undefined, field: string, causes: Cause[]): void {
  if (!versions?.length) {
    causes.push({ reason: 'FieldValueRequired', field, message: `Required value: must specify one of ${REVIEW_VERSIONS.join(', ')}` });
    return;
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v))
      causes.push({
        reason: 'FieldValueInvalid',
        field: `${field}[${i}]`,
        message: `Invalid value: ${JSON.stringify(v)}: duplicate version`,
      });
    seen.add(v);
  });
  if (!versions.some((v) => REVIEW_VERSIONS.includes(v)))
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(versions)}: must include at least one of ${REVIEW_VERSIONS.join(', ')}`,
    });
}

function selectorRules(selector: LabelSelector | undefined, field: string, causes: Cause[]): void {
  (selector?.matchExpressions ?? []).forEach((req, i) => {
    const at = `${field}.matchExpressions[${i}].operator`;
    if (!SELECTOR_OPERATORS.includes(req.operator))
      causes.push({
        reason: 'FieldValueInvalid',
        field: at,
        message: `Invalid value: ${JSON.stringify(req.operator)}: not a valid selector operator`,
      });
    const needsValues = req.operator === 'In' || req.operator === 'NotIn';
    if (needsValues !== Boolean(req.values?.length))
      causes.push({
        reason: needsValues ? 'FieldValueRequired' : 'FieldValueForbidden',
        field: `${field}.matchExpressions[${i}].values`,
        message: needsValues
          ? "Required value: must be specified when `operator` is 'In' or 'NotIn'"
          : "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      });
  });
}

function webhookRules(webhook: ValidatingWebhook | MutatingWebhook, field: string, causes: Cause[]): void {
  nameRules(webhook.name, `${field}.name`, causes);
  (webhook.rules ?? []).forEach((rule, i) => ruleRules(rule, `${field}.rules[${i}]`, causes));
  oneOf(webhook.failurePolicy, FAILURE_POLICIES, `${field}.failurePolicy`, causes);
  oneOf(webhook.matchPolicy, MATCH_POLICIES, `${field}.matchPolicy`, causes);
  if (webhook.sideEffects === undefined)
    causes.push({
      reason: 'FieldValueRequired',
      field: `${field}.sideEffects`,
      message: `Required value: must specify one of ${SIDE_EFFECTS.join(', ')}`,
    });
  else oneOf(webhook.sideEffects, SIDE_EFFECTS, `${field}.sideEffects`, causes);
  const timeout = webhook.timeoutSeconds;
  if (timeout !== undefined && (timeout < 1 || timeout > 30))
    causes.push({
      reason: 'FieldValueInvalid',
      field: `${field}.timeoutSeconds`,
      message: `Invalid value: ${timeout}: the timeout value must be between 1 and 30 seconds`,
    });
  reviewVersionRules(webhook.admissionReviewVersions, `${field}.admissionReviewVersions`, causes);
  selectorRules(webhook.namespaceSelector, `${field}.namespaceSelector`, causes);
  selectorRules(webhook.objectSelector, `${field}.objectSelector`, causes);
  clientConfigRules(webhook.clientConfig, `${field}.clientConfig`, causes);
  matchConditionRules(webhook.matchConditions, `${field}.matchConditions`, causes);
}

/** The causes for a configuration's webhooks: each valid, names unique. */
export function webhooksRules(webhooks: (ValidatingWebhook | MutatingWebhook)[] | undefined): Cause[] {
  const causes: Cause[] = [];
  const names = new Set<string>();
  (webhooks ?? []).forEach((webhook, i) => {
    webhookRules(webhook, `webhooks[${i}]`, causes);
    if (names.has(webhook.name))
      causes.push({
        reason: 'FieldValueDuplicate',
        field: `webhooks[${i}].name`,
        message: `Duplicate value: ${JSON.stringify(webhook.name)}`,
      });
    names.add(webhook.name);
  });
  return causes;
}
