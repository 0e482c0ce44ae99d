// Unpacks one layer (tar or tar+gzip) into an empty directory, in overlayfs form: whiteout
// entries become 0/0 character devices and opaque markers an xattr. Our own extractor over
// tar-stream's parser: every path decision is made here (see safe-path.ts).

import { ignoreMissing } from '@stevedore/files';
import { createHash } from 'crypto';
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import { type Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { createGunzip } from 'zlib';
import { makeFifo, makeWhiteout, markOpaque, setXattr } from './fs-ops';
import { clear, entryComponents, InvalidLayerError, safeJoin } from './safe-path';

export interface UnpackOptions {
  mediaType: string;
  /** sha256 of the uncompressed tar, from the image config's rootfs.diff_ids. */
  expectedDiffId?: string;
  /** Budget of uncompressed bytes (decompression bombs stop here). */
  maxBytes?: number;
  maxEntries?: number;
}

export interface UnpackResult {
  diffId: string;
  /** Bytes of regular file content written. */
  size: number;
  entries: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

function isGzip(mediaType: string): boolean {
  if (/zstd/.test(mediaType)) throw new InvalidLayerError(`zstd-compressed layers are not supported (${mediaType})`);
  if (/gzip/.test(mediaType)) return true;
  if (/tar$|rootfs\.diff\.tar$/.test(mediaType)) return false;
  throw new InvalidLayerError(`unsupported layer media type "${mediaType}"`);
}

/** Counts and hashes the uncompressed stream, and stops it at the byte budget. */
function budget(maxBytes: number) {
  const hash = createHash('sha256');
  let total = 0;
  const t = new Transform({
    transform(chunk: Buffer, _e, done) {
      total += chunk.length;
      if (total > maxBytes) return done(new InvalidLayerError(`uncompressed size exceeds the budget of ${maxBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream: t, digest: () => `sha256:${hash.digest('hex')}` };
}

/**
 * Unpacks `blob` into `dest` (an existing empty directory). On error the caller must delete
 * `dest`: it may hold a partial layer, but nothing outside it was touched.
 */
export async function unpackLayer(blob: NodeJS.ReadableStream, dest: string, opts: UnpackOptions): Promise<UnpackResult> {
  const gzip = isGzip(opts.mediaType);
  const counter = budget(opts.maxBytes ?? 20 * 1024 ** 3);
  const extract = tar.extract();
  const state = { entries: 0, size: 0, dirTimes: [] as [string, Date][] };
  const maxEntries = opts.maxEntries ?? 1_000_000;
  extract.on('entry', (header, stream, next) => {
    if (++state.entries > maxEntries) {
      stream.resume();
      return next(new InvalidLayerError(`more than ${maxEntries} entries`));
    }
    writeEntry(dest, header, stream as unknown as Readable, state).then(
      () => next(),
      (err) => {
        stream.resume();
        next(err);
      },
    );
  });
  const stages: NodeJS.ReadWriteStream[] = gzip ? [createGunzip()] : [];
  try {
    await pipeline(blob as Readable, ...stages, counter.stream, extract);
  } catch (err) {
    if (err instanceof InvalidLayerError) throw err;
    throw new InvalidLayerError((err as Error).message);
  }
  await restoreDirTimes(dest, state.dirTimes);
  const diffId = counter.digest();
  if (opts.expectedDiffId && diffId !== opts.expectedDiffId) {
    throw new InvalidLayerError(`layer content hashes to ${diffId}, but the image config says ${opts.expectedDiffId}`);
  }
  return { diffId, size: state.size, entries: state.entries };
}

type Header = tar.Header;

/**
 * Directory times go last (writing children changed them), deepest first, and only on what is
 * still a directory reached through directories: a later entry may have replaced one, or a
 * parent of one, with a symlink, and a time set through it would land outside the layer.
 */
async function restoreDirTimes(root: string, dirTimes: [string, Date][]): Promise<void> {
  const top = path.resolve(root);
  const verdicts = new Map<string, Promise<boolean>>();
  const isRealDir = (dir: string): Promise<boolean> => {
    if (dir === top) return Promise.resolve(true);
    if (path.dirname(dir) === dir) return Promise.resolve(false);
    let verdict = verdicts.get(dir);
    if (!verdict) {
      verdict = ignoreMissing(fs.lstat(dir)).then(async (st) => !!st?.isDirectory() && (await isRealDir(path.dirname(dir))));
      verdicts.set(dir, verdict);
    }
    return verdict;
  };
  for (const [dir, mtime] of [...dirTimes].reverse()) if (await isRealDir(path.resolve(dir))) await fs.lutimes(dir, mtime, mtime);
}

async function writeEntry(root: string, h: Header, body: Readable, state: { size: number; dirTimes: [string, Date][] }): Promise<void> {
  const parts = entryComponents(h.name);
  if (parts.length === 0) return drain(body); // the root "./" itself
  const base = parts[parts.length - 1]!;
  if (base.startsWith(WHITEOUT)) return whiteout(root, parts, base, body);
  const target = await safeJoin(root, parts);
  const existing = await ignoreMissing(fs.lstat(target));
  if (existing && !(existing.isDirectory() && h.type === 'directory')) await clear(target);
  const mtime = h.mtime ?? new Date(0);
  switch (h.type) {
    case 'directory':
      if (!existing?.isDirectory()) await fs.mkdir(target, { mode: 0o755 });
      state.dirTimes.push([target, mtime]);
      break;
    case 'file':
    case 'contiguous-file':
      await writeFile(target, body, (h.mode ?? 0o644) & 0o7777);
      state.size += h.size ?? 0;
      break;
    case 'symlink':
      await fs.symlink(h.linkname ?? '', target);
      break;
    case 'link':
      await hardlink(root, h, target);
      break;
    case 'fifo':
      await makeFifo(target, h.mode ?? 0o644);
      break;
    default:
      // Device nodes (other than whiteouts) are not allowed in images we run.
      throw new InvalidLayerError(`entry "${h.name}" has unsupported type ${h.type ?? 'unknown'}`);
  }
  if (h.type !== 'file' && h.type !== 'contiguous-file') await drain(body);
  // A hardlink shares its inode's owner, mode and times with the file it names.
  if (h.type === 'link') return;
  // chown before chmod: the kernel clears setuid/setgid bits on chown.
  await fs.lchown(target, h.uid ?? 0, h.gid ?? 0);
  if (h.type !== 'symlink') await fs.chmod(target, (h.mode ?? 0o644) & 0o7777);
  await applyXattrs(target, h);
  if (h.type !== 'directory') await fs.lutimes(target, mtime, mtime);
}

async function writeFile(target: string, body: Readable, mode: number): Promise<void> {
  // O_EXCL|O_NOFOLLOW: we cleared the path, so anything there now is a race we refuse.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await fs.open(target, flags, mode & 0o777);
  await pipeline(body, handle.createWriteStream());
}

async function hardlink(root: string, h: Header, target: string): Promise<void> {
  const linkParts = entryComponents(h.linkname ?? '');
  if (linkParts.length === 0) throw new InvalidLayerError(`hardlink "${h.name}" has an empty target`);
  const source = await safeJoin(root, linkParts);
  const st = await ignoreMissing(fs.lstat(source));
  if (!st) throw new InvalidLayerError(`hardlink "${h.name}" points to "${h.linkname}", which is not in this layer`);
  if (!st.isFile()) throw new InvalidLayerError(`hardlink "${h.name}" must point to a regular file`);
  await fs.link(source, target);
}

async function whiteout(root: string, parts: string[], base: string, body: Readable): Promise<void> {
  await drain(body);
  // A whiteout under a path this layer made a file is redundant (the file already hides the
  // lower directory), so it is skipped; a symlink on the way is still refused by safeJoin.
  const parentPath = path.join(root, ...parts.slice(0, -1));
  const parentStat = parts.length > 1 ? await ignoreMissing(fs.lstat(parentPath)) : undefined;
  if (parentStat && !parentStat.isDirectory() && !parentStat.isSymbolicLink()) {
    await safeJoin(root, parts.slice(0, -1));
    return;
  }
  const dir = await safeJoin(root, [...parts.slice(0, -1), 'x']).then((p) => path.dirname(p));
  if (base === OPAQUE) return void (await markOpaque(dir));
  const name = base.slice(WHITEOUT.length);
  if (!name || name === '.' || name === '..' || name.startsWith(WHITEOUT))
    throw new InvalidLayerError(`invalid whiteout "${parts.join('/')}"`);
  const target = path.join(dir, name);
  // A whiteout hides the lower layers' file; a same-named entry of this layer would be a contradiction.
  await clear(target);
  await makeWhiteout(target);
}

async function applyXattrs(target: string, h: Header): Promise<void> {
  for (const [key, value] of Object.entries((h.pax ?? {}) as Record<string, string>)) {
    if (!key.startsWith('SCHILY.xattr.')) continue;
    const name = key.slice('SCHILY.xattr.'.length);
    // trusted.* would let an image forge overlay metadata; only user and security attributes are kept.
    if (!name.startsWith('user.') && name !== 'security.capability') continue;
    await setXattr(target, name, Buffer.from(value, 'binary'));
  }
}

/** Reads an entry's body to its end (tar-stream needs that before the next entry). */
function drain(body: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    body.on('end', resolve).on('error', reject).resume();
  });
}
