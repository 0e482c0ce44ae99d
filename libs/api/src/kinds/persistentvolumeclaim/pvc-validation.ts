// What Kubernetes' ValidatePersistentVolumeClaim(Update) checks in code: access modes and a
// storage request on create; afterwards the spec is fixed except for the request (expansion),
// the volume attributes class, and the volume name the binder fills in once.
import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { accessModeRules } from '../persistentvolume/access-modes';

export function claimSpecRules(spec: PersistentVolumeClaimSpec | undefined, field: string, causes: Cause[]): void {
  accessModeRules(spec?.accessModes, `${field}.accessModes`, causes);
  if (!spec?.resources?.requests?.storage) {
    causes.push({ reason: 'FieldValueRequired', field: `${field}.resources.requests[storage]`, message: 'Required value' });
  }
}

function withoutMutable(spec: PersistentVolumeClaimSpec, volumeName: string | undefined): string {
  const { resources: _r, volumeAttributesClassName: _v, ...fixed } = spec;
  return JSON.stringify({ ...fixed, volumeName });
}

export function claimUpdateRules(claim: PersistentVolumeClaim, old: PersistentVolumeClaim, causes: Cause[]): void {
  // The binder sets volumeName on an unbound claim; after that it is as fixed as the rest.
  const volumeName = old.spec.volumeName || claim.spec.volumeName;
  if (withoutMutable(claim.spec, claim.spec.volumeName) !== withoutMutable(old.spec, volumeName)) {
    causes.push({
      reason: 'FieldValueForbidden',
      field: 'spec',
      message: 'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    });
  }
}
