// Two of Kubernetes' admission plugins for storage: DefaultStorageClass gives a new claim that
// names no class the cluster's default one (a claim with storageClassName "" asked for no class
// and keeps it), and StorageObjectInUseProtection puts the protection finalizers on new claims
// and volumes so that deleting one still in use waits until it is not.
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../generated/kubernetes-types';
import { isDefaultClass } from '../storageclass/storage-class-strategy';
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from './volume-matching';

/** With several defaults (a race admission cannot exclude), the newest wins, as upstream since 1.26. */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  return classes
    .filter(isDefaultClass)
    .sort(
      (a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    )[0];
}

function withFinalizer(finalizers: string[] | undefined, finalizer: string): string[] {
  return finalizers?.includes(finalizer) ? finalizers : [...(finalizers ?? []), finalizer];
}

export function admitClaim(claim: PersistentVolumeClaim, defaultClass: StorageClass | undefined): void {
  if (claim.spec.storageClassName === undefined && defaultClass) claim.spec.storageClassName = defaultClass.metadata.name;
  claim.metadata.finalizers = withFinalizer(claim.metadata.finalizers, PVC_PROTECTION_FINALIZER);
}

export function admitVolume(pv: PersistentVolume): void {
  pv.metadata.finalizers = withFinalizer(pv.metadata.finalizers, PV_PROTECTION_FINALIZER);
}
