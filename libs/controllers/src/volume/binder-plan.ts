// The volume binder's decisions, as Kubernetes' PersistentVolume controller makes them, as pure
// functions of a claim or a volume and what the binder's caches hold. The controller carries
// them out; every write it makes is one a later plan recognises as done (level-triggered).
import {
  claimClass,
  findVolumeForClaim,
  LOCAL_PATH_PROVISIONER,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  refersToClaim,
  type StorageClass,
  VOLUME_ANNOTATIONS,
  volumeFitsClaim,
} from '@stevedore/api';
import type { Stored } from '@stevedore/apiserver';
import { localPathVolume, nodeRefusal, pickNode } from './local-path';

export interface BinderView {
  volumes: readonly Stored<PersistentVolume>[];
  storageClass(name: string): StorageClass | undefined;
  node(name: string): Node | undefined;
  nodes: readonly Node[];
  /** The volume's node affinity admits the node (the scheduler's term matching). */
  volumeFitsNode(pv: PersistentVolume, node: Node): boolean;
}

export type ClaimPlan =
  | { kind: 'none' }
  /** Bind claim and volume both ways (or finish a half-done binding). */
  | { kind: 'bind'; volume: Stored<PersistentVolume> }
  | { kind: 'provision'; volume: PersistentVolume }
  /** Stays Pending; the event says why. `forgetNode` drops the scheduler's node choice so it picks again. */
  | { kind: 'pending'; type: 'Normal' | 'Warning'; reason: string; message: string; forgetNode?: boolean; provisioner?: string }
  | { kind: 'lost' };

const NO_CLASS = 'no persistent volumes available for this claim and no storage class is set';
const WAIT_FOR_CONSUMER = 'waiting for first consumer to be created before binding';

export function externalProvisioningMessage(provisioner: string): string {
  return (
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system ` +
    'administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.'
  );
}

function boundComplete(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  return (
    claim.status?.phase === 'Bound' &&
    claim.metadata.annotations?.[VOLUME_ANNOTATIONS.bindCompleted] === 'yes' &&
    pv.status?.phase === 'Bound' &&
    pv.spec?.claimRef?.uid === claim.metadata.uid
  );
}

/** A claim that names its volume (pre-bound by the user, or bound by us earlier). */
function planNamedClaim(claim: PersistentVolumeClaim, view: BinderView): ClaimPlan {
  const name = claim.spec.volumeName!;
  const pv = view.volumes.find((v) => v.metadata.name === name);
  if (!pv) return claim.status?.phase === 'Bound' || claim.status?.phase === 'Lost' ? { kind: 'lost' } : { kind: 'none' };
  if (refersToClaim(pv, claim)) return boundComplete(claim, pv) ? { kind: 'none' } : { kind: 'bind', volume: pv };
  if (pv.spec?.claimRef) {
    return { kind: 'pending', type: 'Warning', reason: 'FailedBinding', message: `volume "${name}" already bound to a different claim.` };
  }
  if (!volumeFitsClaim(pv, claim)) {
    return {
      kind: 'pending',
      type: 'Warning',
      reason: 'FailedBinding',
      message: `Cannot bind to requested volume "${name}": it does not fit the claim`,
    };
  }
  return { kind: 'bind', volume: pv };
}

/** Why no node can take an Immediate claim's volume: every node's own reason. */
function noNodeFor(nodes: readonly Node[]): string {
  if (!nodes.length) return 'no nodes available';
  return nodes.map((n) => nodeRefusal(n, n.metadata.name ?? '')).join('; ');
}

function provision(claim: PersistentVolumeClaim, sc: StorageClass, nodeName: string | undefined, view: BinderView): ClaimPlan {
  if (sc.provisioner !== LOCAL_PATH_PROVISIONER) {
    const message = externalProvisioningMessage(sc.provisioner);
    return { kind: 'pending', type: 'Normal', reason: 'ExternalProvisioning', message, provisioner: sc.provisioner };
  }
  const node = nodeName ? view.node(nodeName) : pickNode(view.nodes, view.volumes);
  const refusal = nodeName ? nodeRefusal(node, nodeName) : node ? undefined : noNodeFor(view.nodes);
  if (refusal || !node) {
    const message = `failed to provision volume with StorageClass "${sc.metadata.name}": ${refusal}`;
    return { kind: 'pending', type: 'Warning', reason: 'ProvisioningFailed', message, forgetNode: !!nodeName };
  }
  return { kind: 'provision', volume: localPathVolume(claim, sc, node) };
}

export function planClaim(claim: PersistentVolumeClaim, view: BinderView): ClaimPlan {
  if (claim.metadata.deletionTimestamp) return { kind: 'none' };
  if (claim.spec.volumeName) return planNamedClaim(claim, view);
  const className = claimClass(claim);
  const sc = className ? view.storageClass(className) : undefined;
  const selected = claim.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode];
  const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer';
  if (delayed && !selected) return { kind: 'pending', type: 'Normal', reason: 'WaitForFirstConsumer', message: WAIT_FOR_CONSUMER };
  const node = selected ? view.node(selected) : undefined;
  const usable = (pv: PersistentVolume) => !selected || (!!node && view.volumeFitsNode(pv, node));
  const volume = findVolumeForClaim(claim, view.volumes, usable);
  if (volume) return { kind: 'bind', volume };
  if (!className) return { kind: 'pending', type: 'Normal', reason: 'FailedBinding', message: NO_CLASS };
  if (!sc)
    return { kind: 'pending', type: 'Warning', reason: 'FailedBinding', message: `storageclass.storage.k8s.io "${className}" not found` };
  return provision(claim, sc, selected, view);
}

export type VolumePlan =
  | { kind: 'none' }
  | { kind: 'phase'; phase: 'Available' | 'Bound' | 'Released' | 'Failed'; message?: string }
  | { kind: 'delete' };

/** What the volume's claim says about it: `claim` is the claim its claimRef names, if that exists. */
export function planVolume(pv: PersistentVolume, claim: PersistentVolumeClaim | undefined): VolumePlan {
  const phase = pv.status?.phase;
  const want = (next: 'Available' | 'Bound' | 'Released' | 'Failed', message?: string): VolumePlan =>
    phase === next ? { kind: 'none' } : { kind: 'phase', phase: next, ...(message ? { message } : {}) };
  const ref = pv.spec?.claimRef;
  if (!ref) return want('Available');
  if (claim && (!ref.uid || ref.uid === claim.metadata.uid)) {
    if (ref.uid && claim.spec.volumeName === pv.metadata.name) return want('Bound');
    // Reserved for the claim, which has not taken it yet: the binder finishes from the claim's side.
    return phase === 'Bound' ? { kind: 'none' } : want('Available');
  }
  // Pre-bound by the user to a claim not created yet: the volume waits for it.
  if (!ref.uid) return want('Available');
  return planReleased(pv);
}

/** The claim is gone: apply the reclaim policy. */
function planReleased(pv: PersistentVolume): VolumePlan {
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  const phase = pv.status?.phase;
  if (phase === 'Failed') return { kind: 'none' };
  // Released first, as upstream: pv-protection lets a volume go only once it is no longer Bound.
  if (phase !== 'Released') return { kind: 'phase', phase: 'Released' };
  if (policy === 'Retain' || pv.metadata.deletionTimestamp) return { kind: 'none' };
  if (policy === 'Delete' && pv.metadata.annotations?.[VOLUME_ANNOTATIONS.provisionedBy] === LOCAL_PATH_PROVISIONER)
    return { kind: 'delete' };
  const message =
    policy === 'Delete'
      ? `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`
      : `no volume plugin matched name: ${policy}`;
  return { kind: 'phase', phase: 'Failed', message };
}
