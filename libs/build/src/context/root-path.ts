// Paths inside a directory tree that may hold hostile symlinks (a build context, an image's
// layers): every symlink is resolved as if the tree were the root, so nothing outside it is reached.
import { ignoreMissing } from '@stevedore/files';
import { promises as fs, type Stats } from 'fs';
import * as path from 'path';

const MAX_LINKS = 255;

/** Splits a path into clean components; false when ".." would climb above its start. */
export function cleanComponents(p: string): string[] | false {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return false;
      out.pop();
    } else out.push(part);
  }
  return out;
}

/** Clean components where ".." at the top stays at the top, as "/.." is "/" on Linux. */
export function clampedComponents(p: string): string[] {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '' && part !== '.') out.push(part);
  }
  return out;
}

/**
 * `rel` under `root` with every symlink on the way (the last one too, when `followLast`)
 * resolved inside root, as containers see it. Components that do not exist are kept as they are.
 */
export async function resolveInRoot(root: string, rel: string, followLast = true): Promise<string> {
  let todo = clampedComponents(rel);
  const done: string[] = [];
  let links = 0;
  while (todo.length) {
    const [part, ...rest] = todo as [string, ...string[]];
    const candidate = path.join(root, ...done, part);
    const st = rest.length || followLast ? await ignoreMissing(fs.lstat(candidate)) : undefined;
    if (st?.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw new Error(`too many levels of symbolic links in ${rel}`);
      const target = await fs.readlink(candidate);
      const base = target.startsWith('/') ? [] : done;
      todo = [...clampedComponents([...base, target].join('/')), ...rest];
      done.length = 0;
      continue;
    }
    done.push(part);
    todo = rest;
  }
  return path.join(root, ...done);
}

/** What a path is in an image made of overlay-form layers (top first), without mounting them. */
export async function statInLayers(layers: string[], p: string): Promise<{ stats: Stats; path: string } | undefined> {
  for (const layer of layers) {
    const full = await resolveInRoot(layer, p);
    const stats = await ignoreMissing(fs.lstat(full));
    if (!stats) continue;
    if (stats.isCharacterDevice() && stats.rdev === 0) return undefined; // a whiteout: deleted above
    return { stats, path: full };
  }
  return undefined;
}

/**
 * A path of an image made of layers (top first) with the image's own directory symlinks followed
 * (say /var/run → /run), as a COPY into it must be; each step is looked up safely in one layer.
 */
export async function resolveInLayers(layers: string[], p: string): Promise<string> {
  let todo = clampedComponents(p);
  const done: string[] = [];
  let links = 0;
  while (todo.length) {
    const [part, ...rest] = todo as [string, ...string[]];
    const rel = [...done, part].join('/');
    let link: string | undefined;
    for (const layer of layers) {
      const st = await ignoreMissing(fs.lstat(await resolveInRoot(layer, rel, false)));
      if (!st) continue;
      if (st.isSymbolicLink()) link = await fs.readlink(await resolveInRoot(layer, rel, false));
      break;
    }
    if (link !== undefined) {
      if (++links > MAX_LINKS) throw new Error(`too many levels of symbolic links in ${p}`);
      todo = [...clampedComponents(link.startsWith('/') ? link : [...done, link].join('/')), ...rest];
      done.length = 0;
      continue;
    }
    done.push(part);
    todo = rest;
  }
  return `/${done.join('/')}`;
}
