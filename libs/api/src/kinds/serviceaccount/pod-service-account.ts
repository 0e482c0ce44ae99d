// Kubernetes' ServiceAccount admission for pods: a pod runs as the `default` account unless it
// names one, and gets the `kube-api-access-*` projected volume (a token bound to the pod, the
// cluster CA and its namespace) at the well-known path in every container, unless the pod or its
// account turns automounting off. Pure: the caller looks the account up and picks the suffix.
import type { Container, Pod, ServiceAccount, Volume } from '../../generated/kubernetes-types';

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const API_ACCESS_VOLUME_PREFIX = 'kube-api-access-';
/** kube-apiserver's choice: an hour, plus a few seconds that mark the token as one a kubelet asked for. */
export const PROJECTED_TOKEN_SECONDS = 3607;

/** The alphabet of Kubernetes' random name suffixes (no vowels, no confusable digits). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(random: () => number = Math.random): string {
  return Array.from({ length: 5 }, () => SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)]).join('');
}

export function serviceAccountNameOf(pod: Pod): string {
  return pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
}

function apiAccessVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: PROJECTED_TOKEN_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** Sets the pod's account (and its pull secrets) and, when automounting applies, adds the API access volume and its mounts. */
export function admitPodServiceAccount(pod: Pod, account: ServiceAccount | undefined, suffix: string): void {
  const name = serviceAccountNameOf(pod);
  pod.spec.serviceAccountName = name;
  pod.spec.serviceAccount = name;
  // The account's image pull secrets serve a pod that names none of its own.
  if (!pod.spec.imagePullSecrets?.length && account?.imagePullSecrets?.length)
    pod.spec.imagePullSecrets = account.imagePullSecrets.map((ref) => ({ name: ref.name }));
  const automount = pod.spec.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
  if (!automount) return;
  if ((pod.spec.volumes ?? []).some((v) => v.name.startsWith(API_ACCESS_VOLUME_PREFIX))) return;
  const volume = apiAccessVolume(`${API_ACCESS_VOLUME_PREFIX}${suffix}`);
  const mount = (c: Container) => {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) return;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volume.name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
  };
  pod.spec.containers.forEach(mount);
  (pod.spec.initContainers ?? []).forEach(mount);
  pod.spec.volumes = [...(pod.spec.volumes ?? []), volume];
}
