// The node's device nodes, for privileged containers (runc creates each one inside the container,
// as containerd's privileged mode does). Pseudo-terminals, shared memory and the console stay the
// container's own.
import { hasErrnoCode } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';

export interface DeviceNode {
  path: string;
  type: 'c' | 'b';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
}

const SKIPPED_DIRS = new Set(['pts', 'shm', 'fd', 'mqueue', '.lxc', '.lxd-mounts', '.udev']);
const SKIPPED_FILES = new Set(['console']);

/** Linux's dev_t encoding: 12 bits of major, 20 bits of minor, split across the word. */
function splitDev(rdev: number): { major: number; minor: number } {
  const dev = BigInt(rdev);
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return { major, minor };
}

export async function hostDevices(root = '/dev'): Promise<DeviceNode[]> {
  const found: DeviceNode[] = [];
  let entries: string[];
  try {
    entries = await fs.readdir(root);
  } catch (err) {
    // A device directory that vanished (a USB disk unplugged mid-walk) is not an error.
    if (hasErrnoCode(err, 'ENOENT')) return found;
    throw err;
  }
  for (const name of entries) {
    const full = path.join(root, name);
    const st = await fs.lstat(full).catch((err) => {
      if (hasErrnoCode(err, 'ENOENT')) return undefined;
      throw err;
    });
    if (!st) continue;
    if (st.isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) found.push(...(await hostDevices(full)));
    } else if ((st.isCharacterDevice() || st.isBlockDevice()) && !SKIPPED_FILES.has(name)) {
      found.push({
        path: full,
        type: st.isCharacterDevice() ? 'c' : 'b',
        ...splitDev(st.rdev),
        fileMode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
      });
    }
  }
  return found;
}
