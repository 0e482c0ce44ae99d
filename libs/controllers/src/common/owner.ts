import type { Pod } from '@stevedore/api';

export interface OwnerLike {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; uid?: string };
}

/** The ownerReference a controller stamps on what it creates (controller + blockOwnerDeletion). */
export function controllerRef(owner: OwnerLike, apiVersion: string, kind: string) {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(
  obj: { metadata: { ownerReferences?: { uid: string; controller?: boolean }[] } },
  ownerUid: string | undefined,
): boolean {
  return !!ownerUid && (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === ownerUid);
}

export function ownedPods(pods: readonly Pod[], ownerUid: string | undefined): Pod[] {
  return pods.filter((p) => isControlledBy(p, ownerUid));
}
