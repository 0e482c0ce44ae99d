// fsGroup, as the kubelet applies it: every file of a volume the pod may own (emptyDir, claims,
// ConfigMap/Secret/projected/downwardAPI files) is given the pod's fsGroup, group read (and
// write, unless the volume is read-only) permission, and directories the setgid bit so new files
// inherit the group. hostPath volumes are the node's files and are left alone.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Obj } from './pod-status';

const RW_MASK = 0o660;
const RO_MASK = 0o440;
const DIR_EXTRA = 0o2110; // setgid and group/owner search

/** The mode a file gets: its own bits with the group's added. */
export function ownedMode(mode: number, isDir: boolean, readOnly: boolean): number {
  const mask = (readOnly ? RO_MASK : RW_MASK) | (isDir ? DIR_EXTRA : 0);
  return (mode & 0o7777) | mask;
}

/** Which of the pod's volumes take fsGroup, and whether read-only (the kubelet's per-plugin answer). */
export function ownershipOf(volume: Obj): { readOnly: boolean } | undefined {
  if (volume.emptyDir || volume.persistentVolumeClaim) return { readOnly: !!volume.persistentVolumeClaim?.readOnly };
  if (volume.configMap || volume.secret || volume.projected || volume.downwardAPI) return { readOnly: true };
  return undefined;
}

async function walk(target: string, gid: number, readOnly: boolean): Promise<void> {
  const st = await fs.lstat(target);
  await fs.lchown(target, -1, gid);
  if (st.isSymbolicLink()) return;
  await fs.chmod(target, ownedMode(st.mode, st.isDirectory(), readOnly));
  if (!st.isDirectory()) return;
  for (const name of await fs.readdir(target)) await walk(path.join(target, name), gid, readOnly);
}

/** Applies the pod's fsGroup to one volume directory; OnRootMismatch skips a volume whose root already fits. */
export async function applyFsGroup(pod: Obj, volume: Obj, dir: string): Promise<void> {
  const sc = pod.spec.securityContext ?? {};
  const how = ownershipOf(volume);
  if (sc.fsGroup === undefined || !how) return;
  const gid = Number(sc.fsGroup);
  if (sc.fsGroupChangePolicy === 'OnRootMismatch') {
    const st = await fs.stat(dir);
    const wanted = ownedMode(st.mode, true, how.readOnly);
    if (st.gid === gid && (st.mode & 0o7777) === wanted) return;
  }
  await walk(dir, gid, how.readOnly);
}
