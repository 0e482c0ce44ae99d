import { writeBusyboxRootfs } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';

/** A minimal image layer made from the host's static busybox (see the harness's test images). */
export async function makeBusyboxLayer(dir: string): Promise<string> {
  await writeBusyboxRootfs(dir);
  await fs.appendFile(path.join(dir, 'etc', 'passwd'), 'app:x:1000:1000:app:/home/app:/bin/sh\n');
  await fs.appendFile(path.join(dir, 'etc', 'group'), 'app:x:1000:\nstaff:x:50:app\n');
  return dir;
}

/** Every mount point under dir, from /proc/self/mountinfo (for leak checks). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await fs.readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(dir + '/'));
}

/** Every cgroup directory named parent, in each hierarchy (v1 controllers, unified, or v2). */
export async function cgroupDirs(parent: string): Promise<string[]> {
  const root = '/sys/fs/cgroup';
  const candidates = [path.join(root, parent), ...(await fs.readdir(root)).map((h) => path.join(root, h, parent))];
  const found = await Promise.all(
    candidates.map((c) =>
      fs.stat(c).then(
        (s) => (s.isDirectory() ? c : undefined),
        () => undefined,
      ),
    ),
  );
  return [...new Set(found.filter((c): c is string => !!c))];
}

/** Removes a cgroup parent everywhere (children must be gone already). */
export async function removeCgroupParent(parent: string): Promise<void> {
  for (const dir of (await cgroupDirs(parent)).sort((a, b) => b.length - a.length)) await fs.rmdir(dir).catch(() => undefined);
}
