// What makes a StatefulSet's pod that one and no other: its ordinal, name, hostname, labels and
// the claims it mounts, all derived from the set and the ordinal.
import {
  cloneJson,
  type OwnerReference,
  type PersistentVolumeClaim,
  type Pod,
  type PodTemplateSpec,
  type StatefulSet,
  type Volume,
} from '@stevedore/api';
import { controllerRef } from '../common/owner';
import { REVISION_HASH_LABEL } from '../history/controller-history';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export type NamedSet = StatefulSet & { metadata: { name: string; uid: string } };

/** The ordinal in `<set>-<ordinal>`, or undefined for a name the set would not give. */
export function ordinalOf(set: NamedSet, pod: Pod): number | undefined {
  const name = pod.metadata.name ?? '';
  const prefix = `${set.metadata.name}-`;
  if (!name.startsWith(prefix) || !/^(0|[1-9][0-9]*)$/.test(name.slice(prefix.length))) return undefined;
  return Number(name.slice(prefix.length));
}

export const podName = (set: NamedSet, ordinal: number) => `${set.metadata.name}-${ordinal}`;

export const claimName = (set: NamedSet, template: string, ordinal: number) => `${template}-${set.metadata.name}-${ordinal}`;

export const revisionOf = (pod: Pod) => pod.metadata.labels?.[REVISION_HASH_LABEL];

/** The pod for an ordinal from a revision's template: stable name, hostname and claims. */
export function statefulPod(set: NamedSet, template: PodTemplateSpec, ordinal: number, revision: string): Pod {
  const name = podName(set, ordinal);
  const claims: Volume[] = (set.spec.volumeClaimTemplates ?? []).map((c) => ({
    name: c.metadata?.name ?? '',
    persistentVolumeClaim: { claimName: claimName(set, c.metadata?.name ?? '', ordinal) },
  }));
  // A claim template replaces a template volume of the same name, as in Kubernetes.
  const volumes = [...(template.spec.volumes ?? []).filter((v) => !claims.some((c) => c.name === v.name)), ...claims];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...template.metadata?.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH_LABEL]: revision },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    spec: {
      ...cloneJson(template.spec),
      hostname: name,
      subdomain: set.spec.serviceName,
      ...(volumes.length ? { volumes } : {}),
    },
  };
}

/**
 * The owner references persistentVolumeClaimRetentionPolicy asks for on an ordinal's claims: the
 * set (whenDeleted: Delete) so they go with it, or the pod (whenScaled: Delete, once the ordinal
 * is scaled away) so they go with that pod. Neither: the claims stay until someone deletes them.
 */
export function retentionRefs(set: NamedSet, scaledDown: boolean, pod: Pod | undefined): OwnerReference[] {
  const policy = set.spec.persistentVolumeClaimRetentionPolicy;
  const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid };
  if (scaledDown && policy?.whenScaled === 'Delete' && pod?.metadata.uid) {
    return [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid }];
  }
  return policy?.whenDeleted === 'Delete' ? [setRef] : [];
}

/** The claims an ordinal's pod mounts, made from the set's claim templates. */
export function statefulClaims(set: NamedSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec.volumeClaimTemplates ?? []).map((template) => {
    const refs = retentionRefs(set, false, undefined);
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(set, template.metadata?.name ?? '', ordinal),
        namespace: set.metadata.namespace,
        labels: { ...template.metadata?.labels, ...set.spec.selector.matchLabels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(refs.length ? { ownerReferences: refs } : {}),
      },
      spec: cloneJson(template.spec ?? {}),
    };
  });
}
