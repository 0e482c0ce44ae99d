// kube-scheduler's VolumeBinding filter: a pod's claims decide where it can go. A bound claim's
// volume must admit the node (its node affinity); an unbound claim of a WaitForFirstConsumer
// class needs a free volume the node can reach or a provisioner that can make one there. Claims
// that do not exist, and unbound claims of Immediate classes, make the pod wait as a whole.
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '@stevedore/api';
import { claimClass, findVolumeForClaim, VOLUME_ANNOTATIONS } from '@stevedore/api';
import type { FilterPlugin, FilterStatus, NodeInfo } from '../types';
import { termMatches } from './node-affinity';

/** The storage objects the filter reads (the caller's informer caches). */
export interface VolumeLister {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  /** Whether the class's provisioner could make a volume on the node now. */
  canProvision(sc: StorageClass, node: Node): boolean;
}

export const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const VOLUME_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const NO_VOLUME_TO_BIND = "node(s) didn't find available persistent volumes to bind";
export const MISSING_VOLUME = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** The volume's required node affinity admits the node; a volume without one is reachable everywhere. */
export function volumeFitsNode(pv: PersistentVolume, node: Node): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || terms.some((t) => termMatches(t, node));
}

export function podClaimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

export function delaysBinding(claim: PersistentVolumeClaim, lister: VolumeLister): boolean {
  const name = claimClass(claim);
  return !!name && lister.storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

function claimFitsNode(claim: PersistentVolumeClaim, node: Node, lister: VolumeLister): string | undefined {
  if (claim.spec.volumeName) {
    const pv = lister.volume(claim.spec.volumeName);
    if (!pv) return MISSING_VOLUME;
    return volumeFitsNode(pv, node) ? undefined : VOLUME_NODE_CONFLICT;
  }
  if (!delaysBinding(claim, lister)) return UNBOUND_IMMEDIATE;
  const selected = claim.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode];
  if (selected) return selected === node.metadata.name ? undefined : NO_VOLUME_TO_BIND;
  if (findVolumeForClaim(claim, lister.volumes(), (pv) => volumeFitsNode(pv, node))) return undefined;
  const sc = lister.storageClass(claimClass(claim));
  return sc && lister.canProvision(sc, node) ? undefined : NO_VOLUME_TO_BIND;
}

export function volumeBinding(lister: VolumeLister): FilterPlugin {
  return {
    name: 'VolumeBinding',
    appliesTo: (pod) => podClaimNames(pod).length > 0,
    preFilter(pod: Pod): FilterStatus | undefined {
      for (const name of podClaimNames(pod)) {
        const claim = lister.claim(pod.metadata.namespace ?? 'default', name);
        if (!claim) return { code: 'UnschedulableAndUnresolvable', reason: `persistentvolumeclaim "${name}" not found` };
        if (claim.metadata.deletionTimestamp)
          return { code: 'UnschedulableAndUnresolvable', reason: `persistentvolumeclaim "${name}" is being deleted` };
        if (!claim.spec.volumeName && !delaysBinding(claim, lister))
          return { code: 'UnschedulableAndUnresolvable', reason: UNBOUND_IMMEDIATE };
      }
      return undefined;
    },
    filter(pod: Pod, info: NodeInfo): FilterStatus | undefined {
      for (const name of podClaimNames(pod)) {
        const claim = lister.claim(pod.metadata.namespace ?? 'default', name);
        const reason = claim ? claimFitsNode(claim, info.node, lister) : `persistentvolumeclaim "${name}" not found`;
        // Evicting pods frees no volume: preemption cannot help with any of these.
        if (reason) return { code: 'UnschedulableAndUnresolvable', reason };
      }
      return undefined;
    },
  };
}
