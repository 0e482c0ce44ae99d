// Path rules for unpacking untrusted layers: every entry must land inside the layer directory,
// and nothing may be reached through a symlink (a symlink in a parent path could point anywhere).

import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';

export class InvalidLayerError extends Error {
  constructor(message: string) {
    super(`invalid layer: ${message}`);
    this.name = 'InvalidLayerError';
  }
}

export const MAX_PATH_LENGTH = 4096;
export const MAX_DEPTH = 256;

/** Cleans a tar entry name into path components, rejecting absolute paths and ".." anywhere. */
export function entryComponents(name: string): string[] {
  if (name.length > MAX_PATH_LENGTH) throw new InvalidLayerError(`entry name longer than ${MAX_PATH_LENGTH} bytes`);
  if (name.startsWith('/')) throw new InvalidLayerError(`absolute path "${name}"`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new InvalidLayerError(`path "${name}" leaves the layer`);
  if (parts.length > MAX_DEPTH) throw new InvalidLayerError(`path "${name}" is nested deeper than ${MAX_DEPTH}`);
  if (parts.some((p) => p.includes('\0'))) throw new InvalidLayerError(`path "${name}" contains a NUL byte`);
  return parts;
}

/**
 * Resolves components under root, checking that each existing parent is a real directory
 * (not a symlink, not a file). Missing parents are created as directories (mode 0755).
 */
export async function safeJoin(root: string, parts: string[]): Promise<string> {
  let current = root;
  for (const part of parts.slice(0, -1)) {
    current = path.join(current, part);
    const st = await ignoreMissing(fs.lstat(current));
    if (!st) await fs.mkdir(current, { mode: 0o755 });
    else if (st.isSymbolicLink())
      throw new InvalidLayerError(`path "${parts.join('/')}" goes through the symlink "${path.relative(root, current)}"`);
    else if (!st.isDirectory())
      throw new InvalidLayerError(`path "${parts.join('/')}" goes through the non-directory "${path.relative(root, current)}"`);
  }
  return path.join(root, ...parts);
}

/** Removes whatever is at p (file, symlink, or directory tree) without following symlinks. */
export async function clear(p: string): Promise<void> {
  await fs.rm(p, { recursive: true, force: true });
}
