// Storage object in-use protection, as upstream's pvc-protection and pv-protection controllers
// decide it: a claim being deleted keeps its finalizer while any pod that has not finished
// uses it; a volume being deleted keeps its finalizer while it is bound.
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  PV_PROTECTION_FINALIZER,
  PVC_PROTECTION_FINALIZER,
} from '@stevedore/api';

/** The claims the pod mounts, by name (in the pod's namespace). */
export function claimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

export function claimInUse(claim: PersistentVolumeClaim, pods: readonly Pod[]): boolean {
  return pods.some(
    (pod) =>
      pod.metadata.namespace === claim.metadata.namespace &&
      pod.status?.phase !== 'Succeeded' &&
      pod.status?.phase !== 'Failed' &&
      claimNames(pod).includes(claim.metadata.name ?? ''),
  );
}

export function releaseClaim(claim: PersistentVolumeClaim, pods: readonly Pod[]): boolean {
  return (
    !!claim.metadata.deletionTimestamp && (claim.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER) && !claimInUse(claim, pods)
  );
}

export function releaseVolume(pv: PersistentVolume): boolean {
  return (
    !!pv.metadata.deletionTimestamp && (pv.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER) && pv.status?.phase !== 'Bound'
  );
}
