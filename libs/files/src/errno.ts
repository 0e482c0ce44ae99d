// Node system errors carry a code (ENOENT, ESRCH…). These helpers name the one failure a caller
// expects and let every other failure through, so "the file is not there" never hides
// "permission denied" or "disk full".
import { promises as fs } from 'fs';

/** Codes for "nothing at this path": ENOENT, or ENOTDIR when a parent on the way is not a directory. */
const MISSING = ['ENOENT', 'ENOTDIR'];

/**
 * True when `err` is a Node system error with one of `codes`. Duck-typed rather than
 * `instanceof Error`: errors made by Node's own modules fail that test under Jest's module sandbox.
 */
export function hasErrnoCode(err: unknown, ...codes: string[]): err is NodeJS.ErrnoException {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && codes.includes(code);
}

/** The promise's value, or undefined when the path does not exist; any other failure rejects as before. */
export async function ignoreMissing<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (err) {
    if (hasErrnoCode(err, ...MISSING)) return undefined;
    throw err;
  }
}

/** Whether something is at `file` (links followed, as fs.access does); EACCES and the like are thrown, not read as "no". */
export async function pathExists(file: string): Promise<boolean> {
  return (await ignoreMissing(fs.access(file).then(() => true))) ?? false;
}

/**
 * Runs `signal` (a `process.kill`) and returns its result, or undefined when the process has
 * already gone (ESRCH); any other failure (EPERM, an unknown signal) is thrown.
 */
export function ignoreGone<T>(signal: () => T): T | undefined {
  try {
    return signal();
  } catch (err) {
    if (hasErrnoCode(err, 'ESRCH')) return undefined;
    throw err;
  }
}
