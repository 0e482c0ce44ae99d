// emptyDir volumes with `medium: Memory`: a tmpfs mounted on the volume's folder in the pod's
// directory, sized by the volume's sizeLimit (else by the pod's memory limits, else the kernel's
// default of half the host's memory). Every tmpfs of a pod is unmounted before its folder is
// removed, on every path that removes it (deletion, orphan clean-up), or the memory would stay
// pinned.
import { bytes } from '@stevedore/api';
import { isMounted, runCommand, unmount } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Obj } from './pod-status';

function podMemoryLimit(pod: Obj): number {
  const containers: Obj[] = pod.spec?.containers ?? [];
  if (!containers.every((c) => c.resources?.limits?.memory)) return 0;
  return containers.reduce((sum, c) => sum + bytes(c.resources.limits.memory), 0);
}

export function tmpfsSize(pod: Obj, volume: Obj): number {
  const limit = bytes(volume.emptyDir?.sizeLimit);
  const pods = podMemoryLimit(pod);
  if (limit && pods) return Math.min(limit, pods);
  return limit || pods;
}

export async function mountMemoryVolume(pod: Obj, volume: Obj, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  // A worker restarted over a pod it set up before finds the tmpfs already there.
  if (await isMounted(dir)) return;
  const size = tmpfsSize(pod, volume);
  const options = ['mode=0777', 'nosuid', 'nodev', ...(size ? [`size=${size}`] : [])].join(',');
  await runCommand('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

/** Unmounts whatever is mounted under the pod's volumes folder (tmpfs emptyDirs). */
export async function unmountPodVolumes(podDir: string): Promise<void> {
  const root = path.join(podDir, 'volumes') + path.sep;
  const info = await fs.readFile('/proc/self/mountinfo', 'utf8');
  const targets = info
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((target): target is string => !!target && target.startsWith(root))
    // Deepest first, should one ever sit inside another.
    .sort((a, b) => b.length - a.length);
  for (const target of targets) await unmount(target, true);
}
