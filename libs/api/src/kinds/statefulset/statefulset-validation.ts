// What Kubernetes' ValidateStatefulSet(Update) checks in code: the selector picks the template,
// pods restart Always, known policies, claim templates that could be claims, and afterwards only
// the fields Kubernetes lets change. Single-field ranges and values are in openapi/field-rules.ts.
import type { PodSpec, StatefulSet, StatefulSetSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { claimSpecRules } from '../persistentvolumeclaim/pvc-validation';
import { podSpecRules, selectorMatchesTemplate } from '../pod/pod-spec-validation';

function supported(value: string | undefined, allowed: string[], field: string, causes: Cause[]): void {
  if (value === undefined || allowed.includes(value)) return;
  causes.push({
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: "${value}": supported values: ${allowed.map((v) => `"${v}"`).join(', ')}`,
  });
}

/** Containers may mount the claim templates by name, as if they were the pod's volumes. */
function withClaimVolumes(spec: StatefulSetSpec): PodSpec | undefined {
  const pod = spec.template?.spec;
  if (!pod) return undefined;
  const claims = (spec.volumeClaimTemplates ?? []).map((c) => ({
    name: c.metadata?.name ?? '',
    persistentVolumeClaim: { claimName: c.metadata?.name ?? '' },
  }));
  return { ...pod, volumes: [...(pod.volumes ?? []), ...claims] };
}

function strategyRules(spec: StatefulSetSpec, causes: Cause[]): void {
  const strategy = spec.updateStrategy;
  if (strategy?.type === 'OnDelete' && strategy.rollingUpdate) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.updateStrategy.rollingUpdate',
      message: `Invalid value: ${JSON.stringify(strategy.rollingUpdate)}: only allowed for updateStrategy 'RollingUpdate'`,
    });
  }
  const max = strategy?.rollingUpdate?.maxUnavailable;
  if (max === 0 || max === '0%') {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
      message: `Invalid value: ${JSON.stringify(max)}: must not be 0`,
    });
  }
}

export function statefulSetRules(sts: StatefulSet): Cause[] {
  const causes: Cause[] = [];
  const spec = sts.spec;
  selectorMatchesTemplate(spec, causes);
  podSpecRules(withClaimVolumes(spec), 'spec.template.spec', causes);
  supported(spec.template?.spec?.restartPolicy, ['Always'], 'spec.template.spec.restartPolicy', causes);
  strategyRules(spec, causes);
  (spec.volumeClaimTemplates ?? []).forEach((claim, i) => {
    claimSpecRules(claim.spec, `spec.volumeClaimTemplates[${i}].spec`, causes);
  });
  return causes;
}

/** Fields of the spec an update may change; the rest (serviceName, claim templates, selector…) are fixed. */
const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
] as const;

/** JSON with object keys sorted, so two specs compare by content and not by key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    return `{${keys
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fixedPart(spec: StatefulSetSpec): string {
  const rest: Record<string, unknown> = { ...spec };
  for (const field of MUTABLE) delete rest[field];
  return canonical(rest);
}

export function statefulSetUpdateRules(sts: StatefulSet, old: StatefulSet): Cause[] {
  if (fixedPart(sts.spec) === fixedPart(old.spec)) return [];
  return [
    {
      reason: 'FieldValueForbidden',
      field: 'spec',
      message:
        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
        "'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
  ];
}
