// The built-in dynamic provisioner `stevedore.io/local-path`: a volume is a directory of its
// own under the node's data directory, published as a hostPath PersistentVolume with node
// affinity on that node so that pods using it are scheduled where the data is. The node agent
// creates the directory when it first mounts the volume and removes it once the volume object
// is gone (see libs/agent's local volume sweep); the control plane never touches node disks.
import {
  claimRequest,
  LOCAL_PATH_PROVISIONER,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
  VOLUME_ANNOTATIONS,
} from '@stevedore/api';

/** Set by each agent on its Node: the folder under which it keeps local-path volumes. */
export const LOCAL_VOLUME_DIR_ANNOTATION = VOLUME_ANNOTATIONS.localVolumeDir;

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Why the node cannot take a new volume now, or undefined when it can. */
export function nodeRefusal(node: Node | undefined, name: string): string | undefined {
  if (!node) return `node "${name}" not found`;
  if (!node.metadata.annotations?.[LOCAL_VOLUME_DIR_ANNOTATION]) return `node "${name}" has no local volume directory`;
  const conditions = node.status?.conditions ?? [];
  if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) return `node "${name}" is not ready`;
  if (conditions.some((c) => c.type === 'DiskPressure' && c.status === 'True'))
    return `node "${name}" has disk pressure: no new volumes are provisioned there`;
  return undefined;
}

/** Which node holds a local-path volume (its node affinity's hostname). */
export function volumeNode(pv: PersistentVolume): string | undefined {
  for (const term of pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
    const req = term.matchExpressions?.find((r) => r.key === HOSTNAME_LABEL && r.operator === 'In');
    if (req?.values?.length === 1) return req.values[0];
  }
  return undefined;
}

/** For Immediate binding: the usable node holding the fewest local-path volumes. */
export function pickNode(nodes: readonly Node[], volumes: readonly PersistentVolume[]): Node | undefined {
  const held = new Map<string, number>();
  for (const pv of volumes) {
    const node = pv.metadata.annotations?.[VOLUME_ANNOTATIONS.provisionedBy] === LOCAL_PATH_PROVISIONER ? volumeNode(pv) : undefined;
    if (node) held.set(node, (held.get(node) ?? 0) + 1);
  }
  const name = (node: Node) => node.metadata.name ?? '';
  const usable = nodes.filter((n) => !nodeRefusal(n, name(n)));
  return usable.sort((a, b) => (held.get(name(a)) ?? 0) - (held.get(name(b)) ?? 0) || name(a).localeCompare(name(b)))[0];
}

export function localPathVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid}`;
}

/** The PersistentVolume for the claim on the node, pre-bound to the claim as upstream provisioners make them. */
export function localPathVolume(claim: PersistentVolumeClaim, sc: StorageClass, node: Node): PersistentVolume {
  const name = localPathVolumeName(claim);
  const dir = node.metadata.annotations![LOCAL_VOLUME_DIR_ANNOTATION]!;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { [VOLUME_ANNOTATIONS.provisionedBy]: LOCAL_PATH_PROVISIONER, [VOLUME_ANNOTATIONS.boundByController]: 'yes' },
    },
    spec: {
      capacity: { storage: String(claim.spec.resources?.requests?.storage ?? claimRequest(claim)) },
      accessModes: [...(claim.spec.accessModes ?? [])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      hostPath: { path: `${dir.replace(/\/+$/, '')}/${name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [node.metadata.name ?? ''] }] }],
        },
      },
      claimRef: {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        namespace: claim.metadata.namespace,
        name: claim.metadata.name,
        uid: claim.metadata.uid,
      },
    },
  };
}
