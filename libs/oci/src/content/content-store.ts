// Blobs stored once by digest. A blob becomes visible under its digest only after its bytes
// hashed to that digest and its size matched: it is written to a temp name, verified, renamed.

import { ignoreMissing, pathExists } from '@stevedore/files';
import { createHash, randomBytes } from 'crypto';
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { assertDigest, type Descriptor } from './descriptor';

export class DigestMismatchError extends Error {
  constructor(expected: string, actual: string) {
    super(`digest mismatch: expected ${expected}, got ${actual}; the content was discarded`);
    this.name = 'DigestMismatchError';
  }
}

export class SizeMismatchError extends Error {
  constructor(expected: number, actual: string) {
    super(`size mismatch: expected ${expected} bytes, ${actual}; the content was discarded`);
    this.name = 'SizeMismatchError';
  }
}

/** Passes bytes through while hashing and counting; fails as soon as more than `limit` arrive. */
export function verifier(limit: number): Transform & { digest(): string; bytes(): number } {
  const hash = createHash('sha256');
  let count = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      count += chunk.length;
      if (count > limit) return done(new SizeMismatchError(limit, `received more than that`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  return Object.assign(t, { digest: () => (digest ??= `sha256:${hash.digest('hex')}`), bytes: () => count });
}

export class ContentStore {
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(readonly root: string) {}

  path(digest: string): string {
    assertDigest(digest);
    return path.join(this.root, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  async has(digest: string): Promise<boolean> {
    return pathExists(this.path(digest));
  }

  async size(digest: string): Promise<number> {
    return (await fs.stat(this.path(digest))).size;
  }

  async read(digest: string): Promise<Buffer> {
    return fs.readFile(this.path(digest));
  }

  async readJson<T>(digest: string): Promise<T> {
    return JSON.parse((await this.read(digest)).toString('utf8')) as T;
  }

  async list(): Promise<string[]> {
    const names = (await ignoreMissing(fs.readdir(path.join(this.root, 'blobs', 'sha256')))) ?? [];
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }

  /**
   * Removes partial blobs of ingests a crash (or a full disk) interrupted: they were never renamed
   * into place, so nothing reads them, but they held disk space until the next pull of that digest.
   */
  async cleanIngest(): Promise<number> {
    const dir = path.join(this.root, 'ingest');
    const names = (await ignoreMissing(fs.readdir(dir))) ?? [];
    await Promise.all(names.map((name) => fs.rm(path.join(dir, name), { force: true, recursive: true })));
    return names.length;
  }

  /** Digests of the blobs whose content no longer hashes to their name (none, in a consistent store). */
  async corrupt(): Promise<string[]> {
    const bad: string[] = [];
    for (const digest of await this.list()) {
      const hash = createHash('sha256');
      await pipeline(createReadStream(this.path(digest)), hash);
      if (`sha256:${hash.digest('hex')}` !== digest) bad.push(digest);
    }
    return bad;
  }

  async delete(digest: string): Promise<void> {
    await fs.rm(this.path(digest), { force: true });
  }

  /**
   * Stores the bytes of `source` as the blob `expected`, verifying digest and size. Concurrent
   * ingests of one digest share one write. Returns without reading when the blob is present.
   */
  async ingest(expected: Pick<Descriptor, 'digest' | 'size'>, source: () => Promise<Readable> | Readable): Promise<void> {
    if (await this.has(expected.digest)) return;
    const running = this.inflight.get(expected.digest);
    if (running) return running;
    const work = this.write(expected, source).finally(() => this.inflight.delete(expected.digest));
    this.inflight.set(expected.digest, work);
    return work;
  }

  /** Stores bytes already in memory (configs, manifests we build). */
  async put(data: Buffer): Promise<string> {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    await this.ingest({ digest, size: data.length }, () => Readable.from([data]));
    return digest;
  }

  /** Stores a stream whose digest is not known in advance (layers we make); returns its descriptor. */
  async putStream(source: Readable): Promise<{ digest: string; size: number }> {
    const tmp = path.join(this.root, 'ingest', `new-${randomBytes(8).toString('hex')}`);
    await fs.mkdir(path.dirname(tmp), { recursive: true });
    const check = verifier(Number.MAX_SAFE_INTEGER);
    try {
      await pipeline(source, check, createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
      const digest = check.digest();
      await fs.mkdir(path.dirname(this.path(digest)), { recursive: true });
      await fs.rename(tmp, this.path(digest));
      return { digest, size: check.bytes() };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  private async write(expected: Pick<Descriptor, 'digest' | 'size'>, source: () => Promise<Readable> | Readable): Promise<void> {
    const final = this.path(expected.digest);
    await fs.mkdir(path.dirname(final), { recursive: true });
    const tmp = path.join(this.root, 'ingest', `${expected.digest.slice(7, 19)}-${randomBytes(6).toString('hex')}`);
    await fs.mkdir(path.dirname(tmp), { recursive: true });
    const check = verifier(expected.size);
    try {
      await pipeline(await source(), check, createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
      if (check.bytes() !== expected.size) throw new SizeMismatchError(expected.size, `received ${check.bytes()}`);
      if (check.digest() !== expected.digest) throw new DigestMismatchError(expected.digest, check.digest());
      await fs.rename(tmp, final);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
}
