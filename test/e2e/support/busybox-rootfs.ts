import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';

/** A minimal image layer made from the host's static busybox: /bin with every applet, /etc users. */
export async function makeBusyboxLayer(dir: string): Promise<string> {
  await fs.mkdir(path.join(dir, 'bin'), { recursive: true });
  await fs.mkdir(path.join(dir, 'etc'), { recursive: true });
  await fs.mkdir(path.join(dir, 'tmp'), { recursive: true, mode: 0o1777 });
  await fs.copyFile('/bin/busybox', path.join(dir, 'bin', 'busybox'));
  await fs.chmod(path.join(dir, 'bin', 'busybox'), 0o755);
  const applets = execFileSync('/bin/busybox', ['--list']).toString().split('\n').filter((a) => a && a !== 'busybox');
  await Promise.all(applets.map((a) => fs.symlink('busybox', path.join(dir, 'bin', a)).catch(() => undefined)));
  await fs.writeFile(path.join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:1000:1000:app:/home/app:/bin/sh\n');
  await fs.writeFile(path.join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\napp:x:1000:\nstaff:x:50:app\n');
  return dir;
}

/** Every mount point under dir, from /proc/self/mountinfo (for leak checks). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await fs.readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m === dir || m.startsWith(dir + '/'));
}

/** Every cgroup directory named parent, in each hierarchy (v1 controllers, unified, or v2). */
export async function cgroupDirs(parent: string): Promise<string[]> {
  const root = '/sys/fs/cgroup';
  const candidates = [path.join(root, parent), ...(await fs.readdir(root)).map((h) => path.join(root, h, parent))];
  const found = await Promise.all(candidates.map((c) => fs.stat(c).then((s) => (s.isDirectory() ? c : undefined), () => undefined)));
  return [...new Set(found.filter((c): c is string => !!c))];
}

/** Removes a cgroup parent everywhere (children must be gone already). */
export async function removeCgroupParent(parent: string): Promise<void> {
  for (const dir of (await cgroupDirs(parent)).sort((a, b) => b.length - a.length)) await fs.rmdir(dir).catch(() => undefined);
}
