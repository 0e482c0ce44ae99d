// Bearer tokens: random, stored as a file the owner alone can read, compared in constant time.

import { writeFileAtomic } from '@stevedore/files';
import { randomBytes, timingSafeEqual } from 'crypto';
import { promises as fs } from 'fs';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Reads the token in `file`, creating it on first use. */
export async function ensureToken(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = newToken();
  await writeFileAtomic(file, token + '\n', 0o600);
  return token;
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
