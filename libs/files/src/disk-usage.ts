import { promises as fs } from 'fs';
import * as path from 'path';
import { ignoreMissing } from './errno';

/**
 * Bytes held by regular files under dir (hardlinks counted once), without following symlinks.
 * The tree may be changing (a running container's writable layer): what vanishes during the walk counts as nothing.
 */
export async function diskUsage(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    const entries = (await ignoreMissing(fs.readdir(d, { withFileTypes: true }))) ?? [];
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) {
        const st = await ignoreMissing(fs.lstat(full));
        const key = `${st?.dev}:${st?.ino}`;
        if (st && !seen.has(key)) {
          seen.add(key);
          total += st.size;
        }
      }
    }
  };
  await walk(dir);
  return total;
}
