// What Kubernetes checks of an autoscaling/v2 HorizontalPodAutoscaler in code
// (ValidateHorizontalPodAutoscalerSpec): the replica bounds, the target reference, each metric
// and its target, and the ranges of the scaling rules. Messages and field paths are upstream's.
import type {
  HPAScalingPolicy,
  HPAScalingRules,
  AutoscalingV2HorizontalPodAutoscalerSpec as HpaSpec,
  MetricIdentifier,
  MetricSpec,
  MetricTarget,
  Quantity,
} from '../../generated/kubernetes-types';
import { parseQuantity } from '../../meta/quantity';
import type { Cause } from '../../schema';

export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
export const MAX_POLICY_PERIOD_SECONDS = 1800;
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] as const;
const SOURCE_FIELD: Record<(typeof METRIC_TYPES)[number], keyof MetricSpec> = {
  ContainerResource: 'containerResource',
  External: 'external',
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
};
const TARGET_TYPES = ['AverageValue', 'Utilization', 'Value'];
const POLICY_TYPES = ['Percent', 'Pods'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];

const invalid = (field: string, value: unknown, problem: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${problem}`,
});
const required = (field: string, problem: string): Cause => ({
  reason: 'FieldValueRequired',
  field,
  message: `Required value: ${problem}`,
});
const forbidden = (field: string, problem: string): Cause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${problem}` });
const notSupported = (field: string, value: unknown, allowed: readonly string[]): Cause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
});

/** A path segment name, as Kubernetes requires of a reference's kind and name. */
function pathSegmentProblem(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be '${value}'`;
  if (value.includes('/') || value.includes('%')) return `may not contain '${value.includes('/') ? '/' : '%'}'`;
  return undefined;
}

function referenceRules(ref: { kind?: string; name?: string } | undefined, field: string, causes: Cause[]): void {
  for (const key of ['kind', 'name'] as const) {
    const value = ref?.[key];
    if (!value) causes.push(required(`${field}.${key}`, ''));
    else {
      const problem = pathSegmentProblem(value);
      if (problem) causes.push(invalid(`${field}.${key}`, value, problem));
    }
  }
}

const positive = (quantity: Quantity | undefined) => quantity === undefined || (parseQuantity(quantity) ?? 0) > 0;

function targetRules(target: MetricTarget | undefined, field: string, causes: Cause[]): void {
  if (!target?.type) causes.push(required(`${field}.type`, 'must specify a metric target type'));
  else if (!TARGET_TYPES.includes(target.type)) causes.push(notSupported(`${field}.type`, target.type, TARGET_TYPES));
  if (!positive(target?.value)) causes.push(invalid(`${field}.value`, target?.value, 'must be positive'));
  if (!positive(target?.averageValue)) causes.push(invalid(`${field}.averageValue`, target?.averageValue, 'must be positive'));
  const utilization = target?.averageUtilization;
  if (utilization !== undefined && utilization < 1)
    causes.push(invalid(`${field}.averageUtilization`, utilization, 'must be greater than 0'));
}

/** Resource and ContainerResource metrics average over pods: a utilization or an average value, not both. */
function averageTargetRules(target: MetricTarget | undefined, field: string, causes: Cause[]): void {
  targetRules(target, field, causes);
  if (target?.averageUtilization === undefined && target?.averageValue === undefined)
    causes.push(required(`${field}.averageUtilization`, 'must set either a target raw value or a target utilization'));
  if (target?.averageUtilization !== undefined && target?.averageValue !== undefined)
    causes.push(forbidden(`${field}.averageValue`, 'may not set both a target raw value and a target utilization'));
}

function identifierRules(metric: MetricIdentifier | undefined, field: string, causes: Cause[]): void {
  if (!metric?.name) causes.push(required(`${field}.name`, 'must specify a metric name'));
}

function sourceRules(spec: MetricSpec, field: string, causes: Cause[]): void {
  const { resource, containerResource, pods, object, external } = spec;
  if (resource) {
    if (!resource.name) causes.push(required(`${field}.resource.name`, 'must specify a resource name'));
    averageTargetRules(resource.target, `${field}.resource.target`, causes);
  }
  if (containerResource) {
    if (!containerResource.name) causes.push(required(`${field}.containerResource.name`, 'must specify a resource name'));
    if (!containerResource.container) causes.push(required(`${field}.containerResource.container`, 'must specify a container'));
    averageTargetRules(containerResource.target, `${field}.containerResource.target`, causes);
  }
  if (pods) {
    identifierRules(pods.metric, `${field}.pods.metric`, causes);
    targetRules(pods.target, `${field}.pods.target`, causes);
    if (pods.target?.averageValue === undefined)
      causes.push(required(`${field}.pods.target.averageValue`, 'must specify a positive target averageValue'));
  }
  if (object) {
    referenceRules(object.describedObject, `${field}.object.describedObject`, causes);
    identifierRules(object.metric, `${field}.object.metric`, causes);
    targetRules(object.target, `${field}.object.target`, causes);
    if (object.target?.value === undefined && object.target?.averageValue === undefined)
      causes.push(required(`${field}.object.target.averageValue`, 'must set either a target value or averageValue'));
  }
  if (external) {
    identifierRules(external.metric, `${field}.external.metric`, causes);
    targetRules(external.target, `${field}.external.target`, causes);
    if (external.target?.value === undefined && external.target?.averageValue === undefined)
      causes.push(required(`${field}.external.target.averageValue`, 'must set either a target value for metric or a per-pod target'));
  }
}

function metricRules(spec: MetricSpec, field: string, causes: Cause[]): void {
  const type = spec.type as (typeof METRIC_TYPES)[number];
  const present = METRIC_TYPES.filter((t) => spec[SOURCE_FIELD[t]] !== undefined);
  if (!spec.type) causes.push(required(`${field}.type`, 'must specify a metric source type'));
  else if (!METRIC_TYPES.includes(type)) causes.push(notSupported(`${field}.type`, spec.type, METRIC_TYPES));
  else if (!present.includes(type))
    causes.push(required(`${field}.${SOURCE_FIELD[type]}`, 'must populate information for the given metric source'));
  else if (present.length > 1) causes.push(forbidden(field, 'must populate the given metric source only'));
  sourceRules(spec, field, causes);
}

function policyRules(policy: HPAScalingPolicy, field: string, causes: Cause[]): void {
  if (!POLICY_TYPES.includes(policy.type)) causes.push(notSupported(`${field}.type`, policy.type, POLICY_TYPES));
  if (!(policy.value > 0)) causes.push(invalid(`${field}.value`, policy.value, 'must be greater than zero'));
  if (!(policy.periodSeconds > 0)) causes.push(invalid(`${field}.periodSeconds`, policy.periodSeconds, 'must be greater than zero'));
  else if (policy.periodSeconds > MAX_POLICY_PERIOD_SECONDS)
    causes.push(invalid(`${field}.periodSeconds`, policy.periodSeconds, `must be less than or equal to ${MAX_POLICY_PERIOD_SECONDS}`));
}

function scalingRules(rules: HPAScalingRules | undefined, field: string, causes: Cause[]): void {
  if (!rules) return;
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && window < 0)
    causes.push(invalid(`${field}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    causes.push(
      invalid(`${field}.stabilizationWindowSeconds`, window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`),
    );
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy))
    causes.push(notSupported(`${field}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES));
  if (!rules.policies?.length) causes.push(required(`${field}.policies`, 'must specify at least one Policy'));
  for (const [i, policy] of (rules.policies ?? []).entries()) policyRules(policy, `${field}.policies[${i}]`, causes);
}

/** Checked after defaulting, so minReplicas, metrics and the behavior's rules are all set. */
export function hpaSpecRules(spec: HpaSpec, causes: Cause[]): void {
  const { minReplicas, maxReplicas } = spec;
  if (minReplicas !== undefined && minReplicas < 1)
    causes.push(invalid('spec.minReplicas', minReplicas, 'must be greater than or equal to 1'));
  if (maxReplicas < 1) causes.push(invalid('spec.maxReplicas', maxReplicas, 'must be greater than 0'));
  if (minReplicas !== undefined && maxReplicas < minReplicas)
    causes.push(invalid('spec.maxReplicas', maxReplicas, 'must be greater than or equal to `minReplicas`'));
  referenceRules(spec.scaleTargetRef, 'spec.scaleTargetRef', causes);
  for (const [i, metric] of (spec.metrics ?? []).entries()) metricRules(metric, `spec.metrics[${i}]`, causes);
  scalingRules(spec.behavior?.scaleUp, 'spec.behavior.scaleUp', causes);
  scalingRules(spec.behavior?.scaleDown, 'spec.behavior.scaleDown', causes);
}
