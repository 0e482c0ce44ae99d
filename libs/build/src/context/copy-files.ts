// COPY and ADD without a container: the files are copied into an empty staging directory laid
// out like the image's root, which is then packed as the step's layer. The same walk feeds the
// step's content digest (paths, types, modes, link targets and file contents; not times or owners,
// which COPY resets), so a rebuild can tell whether anything copied has changed.
import { ignoreMissing } from '@stevedore/files';
import { createHash, type Hash } from 'crypto';
import { createReadStream, promises as fs, type Stats } from 'fs';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { SourceError } from './build-context';

export interface Owner {
  uid: number;
  gid: number;
}

export interface CopySource {
  /** Where it is read (after resolving a top-level symlink). */
  abs: string;
  /** Shown in errors, and the base of the ignore check for what is inside it. */
  rel: string;
  /** A context-relative path inside this source is left out (.dockerignore); absent for --from. */
  ignored?: (rel: string) => boolean;
}

async function hashFile(hash: Hash, file: string): Promise<void> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  hash.update(h.digest('hex'));
}

/** Feeds one source, recursively, into the digest. */
export async function digestSource(hash: Hash, src: CopySource): Promise<void> {
  const walk = async (abs: string, rel: string, name: string): Promise<void> => {
    const st = await fs.lstat(abs);
    hash.update(`${name}\0${typeOf(st)}\0${(st.mode & 0o7777).toString(8)}\0`);
    if (st.isSymbolicLink()) hash.update(await fs.readlink(abs));
    else if (st.isFile()) await hashFile(hash, abs);
    else if (st.isDirectory())
      for (const child of (await fs.readdir(abs)).sort()) {
        const childRel = rel ? `${rel}/${child}` : child;
        if (!src.ignored?.(childRel)) await walk(path.join(abs, child), childRel, `${name}/${child}`);
      }
    hash.update('\n');
  };
  await walk(src.abs, src.rel, path.basename(src.rel) || '.');
}

function typeOf(st: Stats): string {
  return st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : 'o';
}

/**
 * Makes the directories of `parts` under the staging root, refusing to go through anything but a
 * directory. One the image has already keeps its mode, owner and time (the layer's copy of it
 * replaces the image's); a new one is 0755 and belongs to `owner`.
 */
export async function ensureDirs(
  root: string,
  parts: string[],
  owner: Owner,
  inImage: (p: string) => Promise<Stats | undefined>,
): Promise<string> {
  let current = root;
  for (const [n, part] of parts.entries()) {
    current = path.join(current, part);
    const st = await ignoreMissing(fs.lstat(current));
    if (!st) {
      const existing = await inImage(`/${parts.slice(0, n + 1).join('/')}`);
      await fs.mkdir(current);
      const from = existing?.isDirectory() ? existing : undefined;
      await fs.chmod(current, from ? from.mode & 0o7777 : 0o755);
      await fs.lchown(current, from?.uid ?? owner.uid, from?.gid ?? owner.gid);
      if (from) await fs.utimes(current, from.atime, from.mtime);
    } else if (!st.isDirectory()) {
      throw new SourceError(`cannot copy to /${parts.join('/')}: /${path.relative(root, current)} is not a directory`);
    }
  }
  return current;
}

/**
 * Copies a source to `dest` (a path under the staging root that does not go through a symlink):
 * a file to that name, a directory's contents into that directory. Modes and times are kept,
 * owners become `owner` (root unless --chown).
 */
export async function copySource(src: CopySource, dest: string, owner: Owner): Promise<void> {
  const copy = async (abs: string, rel: string, to: string, top: boolean): Promise<void> => {
    const st = await fs.lstat(abs);
    if (st.isDirectory()) {
      const existing = await ignoreMissing(fs.lstat(to));
      if (existing && !existing.isDirectory()) throw new SourceError(`cannot copy the directory ${src.rel} over the file ${to}`);
      if (!existing) await fs.mkdir(to);
      // A destination directory made for an earlier source, or taken from the image, keeps its metadata.
      await copyChildren(abs, rel, to);
      if (top && existing) return;
      await fs.chmod(to, st.mode & 0o7777);
    } else {
      await fs.rm(to, { recursive: true, force: true });
      if (st.isSymbolicLink()) await fs.symlink(await fs.readlink(abs), to);
      else if (st.isFile()) await fs.copyFile(abs, to);
      else return; // sockets, fifos and devices are not copied, as Docker does
      if (!st.isSymbolicLink()) await fs.chmod(to, st.mode & 0o7777);
    }
    await fs.lchown(to, owner.uid, owner.gid);
    if (!st.isSymbolicLink()) await fs.utimes(to, st.atime, st.mtime);
  };
  const copyChildren = async (abs: string, rel: string, to: string) => {
    for (const child of (await fs.readdir(abs)).sort()) {
      const childRel = rel ? `${rel}/${child}` : child;
      if (!src.ignored?.(childRel)) await copy(path.join(abs, child), childRel, path.join(to, child), false);
    }
  };
  await copy(src.abs, src.rel, dest, true);
}
