// The files of an image archive (`docker save` output or an OCI image layout in a tar, either
// possibly gzipped), written under a scratch folder by one pass over the tar. Regular files and
// folders are written; symlinks (docker archives link legacy layer paths to their blobs) are
// kept as names of other files in the archive. Every name is checked so none leads outside.
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import { PassThrough, type Readable } from 'stream';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { createGunzip } from 'zlib';
import { entryComponents, safeJoin } from '../layers/safe-path';

export class InvalidArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidArchiveError';
  }
}

export class ArchiveFiles {
  constructor(
    readonly dir: string,
    readonly names: ReadonlySet<string>,
    /** Symlink name → the archive name it points to. */
    private readonly links: ReadonlyMap<string, string> = new Map(),
  ) {}

  has(name: string): boolean {
    const clean = path.posix.normalize(name);
    return this.names.has(clean) || this.links.has(clean);
  }

  /** The extracted file's path (through symlinks); refuses names the archive does not hold. */
  path(name: string): string {
    let clean = path.posix.normalize(name);
    for (let hops = 0; this.links.has(clean) && hops < 16; hops++) clean = this.links.get(clean)!;
    if (!this.names.has(clean)) throw new InvalidArchiveError(`the archive has no file "${name}"`);
    return path.join(this.dir, ...clean.split('/'));
  }

  async readJson<T>(name: string): Promise<T> {
    const text = await fs.readFile(this.path(name), 'utf8');
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new InvalidArchiveError(`${name} in the archive is not valid JSON`);
    }
  }
}

/** The archive's bytes, gunzipped when they start with gzip's magic number. */
async function archiveStream(file: string): Promise<Readable> {
  const handle = await fs.open(file, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0).finally(() => handle.close());
  const raw = createReadStream(file);
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return raw;
  const out = new PassThrough();
  pipeline(raw, createGunzip(), out).catch((err) => out.destroy(err));
  return out;
}

export async function extractArchive(file: string, into: string): Promise<ArchiveFiles> {
  const names = new Set<string>();
  const links = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const write = async () => {
      const parts = entryComponents(header.name);
      if (header.type === 'directory' || !parts.length) return stream.resume();
      if (header.type === 'symlink') {
        links.set(parts.join('/'), linkTarget(parts, header.linkname ?? ''));
        return stream.resume();
      }
      if (header.type !== 'file')
        throw new InvalidArchiveError(`the archive holds a ${header.type} (${header.name}); only files are expected`);
      const target = await safeJoin(into, parts);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await pipeline(stream, createWriteStream(target));
      names.add(parts.join('/'));
    };
    write().then(() => next(), next);
  });
  try {
    await pipeline(await archiveStream(file), extract);
  } catch (err) {
    throw new InvalidArchiveError(`cannot read the archive ${file}: ${(err as Error).message}`);
  }
  if (!names.size) throw new InvalidArchiveError(`${file} holds no files: it is not an image archive`);
  return new ArchiveFiles(into, names, links);
}

/** A link's target as an archive name; one leading outside the archive is refused. */
function linkTarget(parts: string[], linkname: string): string {
  const target = path.posix.normalize(path.posix.join(parts.slice(0, -1).join('/') || '.', linkname));
  if (linkname.startsWith('/') || target.startsWith('..'))
    throw new InvalidArchiveError(`link ${parts.join('/')} points outside the archive`);
  return target;
}
