// Mounts a container's root filesystem: the image layers (read-only, top first) under its own
// writable layer. Lower dirs are passed relative to their common parent, with the mount run
// from there, so deep layer stacks stay under the kernel's one-page limit on mount options.
import { promises as fs } from 'fs';
import * as path from 'path';
import { run } from './exec-file';

function commonParent(dirs: string[]): string {
  let parent = path.dirname(dirs[0]!);
  while (!dirs.every((d) => d.startsWith(parent + path.sep)) && parent !== path.dirname(parent)) parent = path.dirname(parent);
  return parent;
}

export async function mountOverlay(lowerDirs: string[], upperDir: string, workDir: string, target: string): Promise<void> {
  if (lowerDirs.length === 0) throw new Error('an overlay needs at least one lower dir');
  // ':' separates lower dirs and ',' mount options: either inside a path would change the mount.
  const bad = [...lowerDirs, upperDir, workDir].find((d) => /[:,]/.test(d));
  if (bad) throw new Error(`cannot use "${bad}" in an overlay mount: paths may not contain ':' or ','`);
  const cwd = commonParent(lowerDirs);
  const lower = lowerDirs.map((d) => path.relative(cwd, d)).join(':');
  await fs.mkdir(target, { recursive: true });
  await run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upperDir},workdir=${workDir}`, target], { cwd });
}

export async function isMounted(target: string): Promise<boolean> {
  const info = await fs.readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((line) => line.split(' ')[4] === target);
}

/** Unmounts; a busy mount is detached lazily as a last resort so removal can still finish. */
export async function unmount(target: string, knownMounted = false): Promise<void> {
  if (!knownMounted && !(await isMounted(target))) return;
  try {
    await run('umount', [target]);
  } catch (err) {
    if (!(await isMounted(target))) return;
    await run('umount', ['-l', target]).catch(() => {
      throw err;
    });
  }
}
