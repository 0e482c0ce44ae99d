// Turns a container's overlay upper directory (its writable layer) into a layer tar, the
// inverse of unpack: 0/0 character devices become ".wh.NAME" and opaque directories get a
// ".wh..wh..opq" entry. Used by commit.
import { createHash } from 'crypto';
import { createReadStream, promises as fs, type Stats } from 'fs';
import * as path from 'path';
import { PassThrough, type Readable } from 'stream';
import * as tar from 'tar-stream';
import { opaqueDirs } from './fs-ops';

export interface PackedLayer {
  stream: Readable;
  /** Resolves when the whole tar was produced: its sha256 (the diff ID) and size. */
  done: Promise<{ diffId: string; size: number }>;
}

async function walk(root: string, dir = root, out: string[] = []): Promise<string[]> {
  const names = (await fs.readdir(dir)).sort();
  for (const name of names) {
    const full = path.join(dir, name);
    out.push(full);
    const st = await fs.lstat(full);
    if (st.isDirectory()) await walk(root, full, out);
  }
  return out;
}

const isWhiteout = (st: Stats) => st.isCharacterDevice() && st.rdev === 0;

export function packUpperDir(upperDir: string): PackedLayer {
  const pack = tar.pack();
  const out = new PassThrough();
  const hash = createHash('sha256');
  let size = 0;
  const done = new Promise<{ diffId: string; size: number }>((resolve, reject) => {
    pack.on('data', (chunk: unknown) => {
      const data = chunk as Buffer;
      hash.update(data);
      size += data.length;
    });
    pack.on('end', () => resolve({ diffId: `sha256:${hash.digest('hex')}`, size }));
    pack.on('error', reject);
  });
  pack.pipe(out);
  writeEntries(upperDir, pack).then(
    () => pack.finalize(),
    (err) => pack.destroy(err),
  );
  // Not a swallow: the caller gets the error from `done` and from the stream. This handler only
  // keeps `done` from counting as an unhandled rejection when the caller stops at the stream's error.
  done.catch(() => undefined);
  return { stream: out, done };
}

async function writeEntries(root: string, pack: tar.Pack): Promise<void> {
  const opaque = await opaqueDirs(root);
  const links = new Map<string, string>();
  for (const full of await walk(root)) {
    const name = path.relative(root, full);
    const st = await fs.lstat(full);
    const base = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (isWhiteout(st)) {
      await entry(pack, { ...base, name: path.join(path.dirname(name), `.wh.${path.basename(name)}`), type: 'file', size: 0, mode: 0o600 });
    } else if (st.isDirectory()) {
      await entry(pack, { ...base, type: 'directory' });
      if (opaque.has(full)) await entry(pack, { ...base, name: path.join(name, '.wh..wh..opq'), type: 'file', size: 0, mode: 0o600 });
    } else if (st.isSymbolicLink()) {
      await entry(pack, { ...base, type: 'symlink', linkname: await fs.readlink(full) });
    } else if (st.isFile()) {
      const inode = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? links.get(inode) : undefined;
      if (first) await entry(pack, { ...base, type: 'link', linkname: first, size: 0 });
      else {
        if (st.nlink > 1) links.set(inode, name);
        await entry(pack, { ...base, type: 'file', size: st.size }, createReadStream(full));
      }
    } else if (st.isFIFO()) {
      await entry(pack, { ...base, type: 'fifo' });
    }
    // Sockets and device nodes a container made are not part of an image.
  }
}

type EntryHeader = Partial<tar.Header> & { name: string };

function entry(pack: tar.Pack, header: EntryHeader, body?: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!body) {
      pack.entry(header as tar.Header, Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
      return;
    }
    const sink = pack.entry(header as tar.Header, (err) => (err ? reject(err) : resolve()));
    body.on('error', reject).pipe(sink as unknown as NodeJS.WritableStream);
  });
}
