// The kubelet's local-storage eviction for emptyDir volumes on disk: a volume holding more than
// its sizeLimit gets its pod evicted. (A Memory emptyDir cannot exceed its limit: its tmpfs is
// that size.) Checked on the pod worker's own schedule, like the kubelet's eviction manager.
import { bytes } from '@stevedore/api';
import { diskUsage } from '@stevedore/files';
import * as path from 'path';
import type { Obj } from './pod-status';

/** As the kubelet's eviction manager housekeeping interval. */
export const LIMIT_CHECK_MS = 10_000;

export function limitedEmptyDirs(pod: Obj): Obj[] {
  return (pod.spec?.volumes ?? []).filter((v: Obj) => v.emptyDir?.sizeLimit && v.emptyDir.medium !== 'Memory');
}

/** The eviction message for the first emptyDir over its limit, or undefined when all are within. */
export async function emptyDirOverLimit(pod: Obj, podDir: string): Promise<string | undefined> {
  for (const volume of limitedEmptyDirs(pod)) {
    const used = await diskUsage(path.join(podDir, 'volumes', volume.name));
    if (used > bytes(volume.emptyDir.sizeLimit))
      return `Usage of EmptyDir volume "${volume.name}" exceeds the limit "${volume.emptyDir.sizeLimit}".`;
  }
  return undefined;
}
