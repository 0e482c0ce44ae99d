// Kubernetes' rules for which PersistentVolume may serve a claim, shared by the volume binder
// (which binds) and the scheduler (which asks whether a node could get a volume). A volume fits
// when its class equals the claim's ("" means no class), its access modes include every mode
// the claim asks for, its volume mode is the same, its labels satisfy the claim's selector and
// its capacity covers the request; among those the smallest wins, as upstream picks.
import type { PersistentVolume, PersistentVolumeClaim } from '../../generated/kubernetes-types';
import { labelSelectorMatches } from '../../meta/label-selector';
import { bytes } from '../../meta/quantity';

/** Annotations and finalizers with the names Kubernetes gives them. */
export const VOLUME_ANNOTATIONS = {
  bindCompleted: 'pv.kubernetes.io/bind-completed',
  boundByController: 'pv.kubernetes.io/bound-by-controller',
  provisionedBy: 'pv.kubernetes.io/provisioned-by',
  selectedNode: 'volume.kubernetes.io/selected-node',
  storageProvisioner: 'volume.kubernetes.io/storage-provisioner',
  betaStorageProvisioner: 'volume.beta.kubernetes.io/storage-provisioner',
  /** Stevedore's own, on a Node: the folder under which its agent keeps local-path volumes. */
  localVolumeDir: 'stevedore.io/local-volume-dir',
} as const;
/** The built-in provisioner: the control plane makes its volumes, each node keeps their data. */
export const LOCAL_PATH_PROVISIONER = 'stevedore.io/local-path';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.spec.storageClassName ?? '';
}

export function claimRequest(claim: PersistentVolumeClaim): number {
  return bytes(claim.spec.resources?.requests?.storage);
}

/** The volume's claimRef names this claim (a uid in the ref must be this claim's). */
export function refersToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** Class, access modes, volume mode, selector and capacity: everything but who else holds it. */
export function volumeFitsClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const spec = pv.spec ?? {};
  if ((spec.storageClassName ?? '') !== claimClass(claim)) return false;
  if ((spec.volumeMode ?? 'Filesystem') !== (claim.spec.volumeMode ?? 'Filesystem')) return false;
  const modes = spec.accessModes ?? [];
  if (!(claim.spec.accessModes ?? []).every((m) => modes.includes(m))) return false;
  if (claim.spec.selector && !labelSelectorMatches(claim.spec.selector, pv.metadata.labels)) return false;
  return bytes(spec.capacity?.storage) >= claimRequest(claim);
}

/** Not bound, not pre-bound to another claim, not released, not being deleted. */
function freeFor(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  if (pv.metadata.deletionTimestamp) return false;
  const phase = pv.status?.phase;
  if (phase === 'Released' || phase === 'Failed') return false;
  return !pv.spec?.claimRef || refersToClaim(pv, claim);
}

/**
 * The volume to bind the claim to, or undefined. A claim that names a volume gets only that
 * one; a volume pre-bound to this claim (claimRef) wins over others; otherwise the smallest
 * that fits. `usable` narrows further (the scheduler's node, the binder's selected node).
 */
export function findVolumeForClaim<V extends PersistentVolume>(
  claim: PersistentVolumeClaim,
  volumes: readonly V[],
  usable: (pv: V) => boolean = () => true,
): V | undefined {
  const named = claim.spec.volumeName;
  const candidates = volumes.filter(
    (pv) => (!named || pv.metadata.name === named) && freeFor(pv, claim) && volumeFitsClaim(pv, claim) && usable(pv),
  );
  const preBound = candidates.find((pv) => refersToClaim(pv, claim));
  if (preBound) return preBound;
  return candidates.sort((a, b) => bytes(a.spec?.capacity?.storage) - bytes(b.spec?.capacity?.storage))[0];
}
