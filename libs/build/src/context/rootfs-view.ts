// A read-only view of an image's files for COPY --from: its one layer as it is, or its layers
// joined by a read-only overlay mount (lower dirs only) that is unmounted when the step is done.
import { isMounted, runCommand, unmount } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface RootfsView {
  root: string;
  close(): Promise<void>;
}

export async function openRootfsView(lowerDirs: string[]): Promise<RootfsView> {
  if (lowerDirs.length === 1) return { root: lowerDirs[0]!, close: async () => undefined };
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'stevedore-from-'));
  const close = async () => {
    await unmount(root);
    await fs.rm(root, { recursive: true, force: true });
  };
  if (!lowerDirs.length) return { root, close };
  const bad = lowerDirs.find((d) => /[:,]/.test(d));
  if (bad) throw new Error(`cannot mount "${bad}": paths may not contain ':' or ','`);
  try {
    // Relative to their common parent, as the runtime mounts them: deep stacks stay under the one-page option limit.
    const cwd = commonParent(lowerDirs);
    const lower = lowerDirs.map((d) => path.relative(cwd, d)).join(':');
    await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', `ro,lowerdir=${lower}`, root], { cwd });
  } catch (err) {
    if (await isMounted(root)) await unmount(root, true);
    await fs.rm(root, { recursive: true, force: true });
    throw err;
  }
  return { root, close };
}

function commonParent(dirs: string[]): string {
  let parent = path.dirname(dirs[0]!);
  while (!dirs.every((d) => d.startsWith(parent + path.sep)) && parent !== path.dirname(parent)) parent = path.dirname(parent);
  return parent;
}
