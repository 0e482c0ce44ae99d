import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';

/**
 * Replaces `file` with `data` so that readers see the old or the new content, never a
 * partial write: written to a unique temp name beside it, then renamed over it.
 */
export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, data, { mode });
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
