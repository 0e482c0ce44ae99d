// Rules that cross fields, beyond what a schema can say, checked after defaulting.
import type { Cause } from '@stevedore/api';

type Obj = Record<string, any>;

function selectorMatchesTemplate(spec: Obj | undefined, causes: Cause[]): void {
  const matchLabels: Record<string, string> = spec?.selector?.matchLabels ?? {};
  const labels: Record<string, string> = spec?.template?.metadata?.labels ?? {};
  const expressions: unknown[] = spec?.selector?.matchExpressions ?? [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for deployment' });
    return;
  }
  const mismatch = Object.entries(matchLabels).some(([k, v]) => labels[k] !== v);
  if (mismatch) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels',
      message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
  }
}

function podSpecRules(spec: Obj | undefined, path: string, causes: Cause[]): void {
  if (!spec) return;
  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', field: `${path}.containers`, message: 'Required value' });
  }
  const volumes = new Set((spec.volumes ?? []).map((v: Obj) => v.name));
  const containers: Obj[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const list = i < (spec.initContainers ?? []).length ? 'initContainers' : 'containers';
    const index = list === 'containers' ? i - (spec.initContainers ?? []).length : i;
    const where = `${path}.${list}[${index}]`;
    if (seen.has(c.name)) causes.push({ reason: 'FieldValueDuplicate', field: `${where}.name`, message: `Duplicate value: "${c.name}"` });
    seen.add(c.name);
    if (!c.image) causes.push({ reason: 'FieldValueRequired', field: `${where}.image`, message: 'Required value' });
    (c.volumeMounts ?? []).forEach((m: Obj, j: number) => {
      if (!volumes.has(m.name)) causes.push({ reason: 'FieldValueNotFound', field: `${where}.volumeMounts[${j}].name`, message: `Not found: "${m.name}"` });
    });
  });
  (spec.volumes ?? []).forEach((v: Obj, i: number) => {
    const sources = ['emptyDir', 'hostPath', 'configMap', 'secret'].filter((k) => v[k] !== undefined);
    if (sources.length > 1) causes.push({ reason: 'FieldValueInvalid', field: `${path}.volumes[${i}]`, message: 'may not specify more than 1 volume type' });
  });
}

/** Returns the causes for an object of `kind` that passed its schema. */
export function semanticCauses(kind: string, obj: Obj): Cause[] {
  const causes: Cause[] = [];
  switch (kind) {
    case 'Pod':
      podSpecRules(obj.spec, 'spec', causes);
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      selectorMatchesTemplate(obj.spec, causes);
      podSpecRules(obj.spec?.template?.spec, 'spec.template.spec', causes);
      if (kind === 'Deployment' && obj.spec?.template?.spec?.restartPolicy && obj.spec.template.spec.restartPolicy !== 'Always') {
        causes.push({ reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy',
          message: `Unsupported value: "${obj.spec.template.spec.restartPolicy}": supported values: "Always"` });
      }
      break;
    case 'Job': {
      podSpecRules(obj.spec?.template?.spec, 'spec.template.spec', causes);
      const policy = obj.spec?.template?.spec?.restartPolicy;
      if (policy !== 'Never' && policy !== 'OnFailure') {
        causes.push({ reason: 'FieldValueRequired', field: 'spec.template.spec.restartPolicy',
          message: `Unsupported value: "${policy ?? 'Always'}": supported values: "OnFailure", "Never"` });
      }
      break;
    }
  }
  return causes;
}
