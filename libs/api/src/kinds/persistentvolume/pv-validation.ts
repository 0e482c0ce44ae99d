// What Kubernetes' ValidatePersistentVolume checks in code: a capacity with storage, access
// modes, exactly one volume source, and node affinity for `local`
// volumes (they only exist on one node).
import type { PersistentVolume, PersistentVolumeSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { accessModeRules } from './access-modes';

/** Spec members that are not volume sources. */
const NOT_SOURCES = new Set([
  'accessModes',
  'capacity',
  'claimRef',
  'mountOptions',
  'nodeAffinity',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'volumeAttributesClassName',
  'volumeMode',
]);

export function volumeSources(spec: PersistentVolumeSpec): string[] {
  return Object.keys(spec).filter((k) => !NOT_SOURCES.has(k) && (spec as Record<string, unknown>)[k] != null);
}

function sourceRules(spec: PersistentVolumeSpec, causes: Cause[]): void {
  const sources = volumeSources(spec);
  if (sources.length === 0)
    causes.push({ reason: 'FieldValueRequired', field: 'spec', message: 'Required value: must specify a volume type' });
  for (const extra of sources.slice(1)) {
    causes.push({ reason: 'FieldValueForbidden', field: `spec.${extra}`, message: 'Forbidden: may not specify more than 1 volume type' });
  }
  if (spec.hostPath && !spec.hostPath.path.startsWith('/'))
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.hostPath.path',
      message: `Invalid value: "${spec.hostPath.path}": must be an absolute path`,
    });
  if (spec.local && !spec.local.path.startsWith('/'))
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.local.path',
      message: `Invalid value: "${spec.local.path}": must be an absolute path`,
    });
  if (spec.local && !spec.nodeAffinity)
    causes.push({
      reason: 'FieldValueRequired',
      field: 'spec.nodeAffinity',
      message: 'Required value: Local volume requires node affinity',
    });
}

export function persistentVolumeRules(pv: PersistentVolume, causes: Cause[]): void {
  const spec = pv.spec ?? {};
  if (!spec.capacity?.storage) causes.push({ reason: 'FieldValueRequired', field: 'spec.capacity', message: 'Required value' });
  accessModeRules(spec.accessModes, 'spec.accessModes', causes);
  sourceRules(spec, causes);
}
