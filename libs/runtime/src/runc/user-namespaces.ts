// Whether this node can run a container in a user namespace the way Kubernetes means it
// (hostUsers: false): the image's files must look owned by the container's root, which takes
// id-mapped mounts of the root filesystem. Asked of the kernel and of runc itself, once.
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import { run } from './exec-file';

/** runc's `features` answer, as far as it is read here (runc ≥ 1.2 reports id-mapped mounts). */
interface RuncFeatures {
  linux?: { namespaces?: string[]; mountExtensions?: { idmap?: { enabled?: boolean } } };
}

/** Why user namespaces cannot be used here, or undefined when everything they need is present. */
export function userNamespaceBlocker(features: RuncFeatures | string, maxUserNamespaces: number | undefined): string | undefined {
  if (!maxUserNamespaces) return 'the kernel allows no user namespaces (user.max_user_namespaces is 0 or missing)';
  if (typeof features === 'string') return `runc does not report its features (${features}), so id-mapped mounts cannot be relied on`;
  if (features.linux?.namespaces && !features.linux.namespaces.includes('user')) return 'runc does not support user namespaces';
  if (!features.linux?.mountExtensions?.idmap?.enabled)
    return "runc cannot make id-mapped mounts (runc features reports no mountExtensions.idmap; runc 1.2 or later is needed), so the image's files would not belong to the container's root";
  // runc could id-map bind mounts, but the root filesystem is an overlay this runtime mounts itself.
  return 'this runtime does not id-map its overlay root filesystems yet';
}

export async function probeUserNamespaces(runcPath: string): Promise<string | undefined> {
  const max = await ignoreMissing(fs.readFile('/proc/sys/user/max_user_namespaces', 'utf8'));
  let features: RuncFeatures | string;
  try {
    features = JSON.parse((await run(runcPath, ['features'])).stdout) as RuncFeatures;
  } catch (err) {
    // Older runc has no `features` command: that is itself the answer, and its error goes into the reason.
    features = (err as Error).message;
  }
  return userNamespaceBlocker(features, max === undefined ? undefined : Number(max.trim()));
}
