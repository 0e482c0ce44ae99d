// Rules of a pod spec that cross fields, wherever one appears, checked after defaulting.

import type { Container, PodSpec, PodTemplateSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

// Kubernetes 1.32's volume sources: a volume names exactly one of them.
const VOLUME_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'image',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const;

function containerRules(c: Container, where: string, volumes: Set<string>, causes: Cause[]): void {
  if (!c.image) causes.push({ reason: 'FieldValueRequired', field: `${where}.image`, message: 'Required value' });
  (c.volumeMounts ?? []).forEach((m, j) => {
    if (!volumes.has(m.name))
      causes.push({ reason: 'FieldValueNotFound', field: `${where}.volumeMounts[${j}].name`, message: `Not found: "${m.name}"` });
  });
}

/** Container names unique across init and app containers, images given, mounts naming volumes, one source per volume. */
export function podSpecRules(spec: PodSpec | undefined, path: string, causes: Cause[]): void {
  if (!spec) return;
  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', field: `${path}.containers`, message: 'Required value' });
  }
  const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
  const names = new Set<string>();
  const lists: ['initContainers' | 'containers', Container[]][] = [
    ['initContainers', spec.initContainers ?? []],
    ['containers', spec.containers ?? []],
  ];
  for (const [list, containers] of lists) {
    containers.forEach((c, i) => {
      const where = `${path}.${list}[${i}]`;
      if (names.has(c.name))
        causes.push({ reason: 'FieldValueDuplicate', field: `${where}.name`, message: `Duplicate value: "${c.name}"` });
      names.add(c.name);
      containerRules(c, where, volumes, causes);
    });
  }
  (spec.volumes ?? []).forEach((v, i) => {
    const sources = VOLUME_SOURCES.filter((k) => v[k] !== undefined);
    if (sources.length > 1)
      causes.push({
        reason: 'FieldValueForbidden',
        field: `${path}.volumes[${i}]`,
        message: 'Forbidden: may not specify more than 1 volume type',
      });
  });
}

interface TemplatedSpec {
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  template?: PodTemplateSpec;
}

/** A workload's selector must be non-empty and select its own template's labels. */
export function selectorMatchesTemplate(spec: TemplatedSpec | undefined, causes: Cause[]): void {
  const matchLabels = spec?.selector?.matchLabels ?? {};
  const labels = spec?.template?.metadata?.labels ?? {};
  const expressions = spec?.selector?.matchExpressions ?? [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.selector',
      message: 'Invalid value: {}: empty selector is invalid for deployment',
    });
    return;
  }
  if (Object.entries(matchLabels).some(([k, v]) => labels[k] !== v)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
    });
  }
}
