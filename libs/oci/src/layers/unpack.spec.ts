import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import * as tar from 'tar-stream';
import { gzipSync } from 'zlib';
import { packUpperDir } from './pack';
import { unpackLayer } from './unpack';

type E = Partial<tar.Header> & { name: string; body?: string };

async function makeTar(entries: E[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...h } of entries) {
    pack.entry({ type: 'file', mode: 0o644, ...h } as tar.Header, body ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function tree(dir: string): Promise<string> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const n of (await fs.readdir(d)).sort()) {
      const p = path.join(d, n);
      const st = await fs.lstat(p);
      out.push(`${path.relative(dir, p)}:${st.mode.toString(8)}:${st.isFile() ? await fs.readFile(p, 'utf8') : ''}`);
      if (st.isDirectory()) await walk(p);
    }
  };
  await walk(dir);
  return createHash('sha256').update(out.join('\n')).digest('hex');
}

describe('unpackLayer', () => {
  let dir: string;
  let dest: string;
  let sentinel: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'unpack-'));
    dest = path.join(dir, 'a', 'b', 'layer');
    sentinel = path.join(dir, 'a');
    await fs.mkdir(dest, { recursive: true });
    await fs.writeFile(path.join(dir, 'a', 'secret'), 'keep');
    await fs.mkdir(path.join(dir, 'etc'));
    await fs.writeFile(path.join(dir, 'etc', 'passwd'), 'root');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const unpack = (t: Buffer, opts: object = {}) =>
    unpackLayer(Readable.from([t]), dest, { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...opts });

  it('keeps files, modes, owners, symlinks and hardlinks, and reports the diff ID', async () => {
    const t = await makeTar([
      { name: 'bin/', type: 'directory', mode: 0o755 },
      { name: 'bin/tool', body: '#!/bin/sh\n', mode: 0o4755, uid: 1000, gid: 50 },
      { name: 'bin/alias', type: 'symlink', linkname: 'tool' },
      { name: 'bin/abs', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'bin/same', type: 'link', linkname: 'bin/tool' },
    ]);
    const result = await unpack(t);
    expect(result.diffId).toBe(`sha256:${createHash('sha256').update(t).digest('hex')}`);
    const st = await fs.stat(path.join(dest, 'bin/tool'));
    expect([st.mode & 0o7777, st.uid, st.gid, st.nlink]).toEqual([0o4755, 1000, 50, 2]);
    expect(await fs.readlink(path.join(dest, 'bin/alias'))).toBe('tool');
    expect(await fs.readlink(path.join(dest, 'bin/abs'))).toBe('/etc/passwd');
  });

  it('reads gzip layers and rejects a diff ID mismatch', async () => {
    const t = await makeTar([{ name: 'f', body: 'x' }]);
    await expect(
      unpackLayer(Readable.from([gzipSync(t)]), dest, {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        expectedDiffId: 'sha256:' + '0'.repeat(64),
      }),
    ).rejects.toThrow(/hashes to sha256:[0-9a-f]{64}, but the image config says/);
  });

  it("turns whiteouts into overlay form and keeps this layer's files in an opaque dir", async () => {
    await unpack(
      await makeTar([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/.wh.old.conf' },
        { name: 'data/', type: 'directory' },
        { name: 'data/new', body: 'n' },
        { name: 'data/.wh..wh..opq' },
      ]),
    );
    const wh = await fs.lstat(path.join(dest, 'etc/old.conf'));
    expect(wh.isCharacterDevice() && wh.rdev === 0).toBe(true);
    expect(await fs.readFile(path.join(dest, 'data/new'), 'utf8')).toBe('n');
    await expect(fs.lstat(path.join(dest, 'data/.wh..wh..opq'))).rejects.toThrow();
  });

  const hostile: [string, E[]][] = [
    ['a relative escape', [{ name: '../../evil', body: 'x' }]],
    ['an absolute path', [{ name: '/evil', body: 'x' }]],
    ['a dot-dot in the middle', [{ name: 'a/../../evil', body: 'x' }]],
    [
      'a write through an absolute symlink',
      [
        { name: 'etc', type: 'symlink', linkname: path.join('/tmp', '..', 'etc') },
        { name: 'etc/passwd', body: 'pwned' },
      ],
    ],
    [
      'a write through an up-and-out symlink',
      [
        { name: 'up', type: 'symlink', linkname: '../../..' },
        { name: 'up/secret', body: 'pwned' },
      ],
    ],
    [
      'chained relative symlinks',
      [
        { name: 'a', type: 'symlink', linkname: '..' },
        { name: 'b', type: 'symlink', linkname: 'a/..' },
        { name: 'b/secret', body: 'pwned' },
      ],
    ],
    ['a hardlink to a host file', [{ name: 'pw', type: 'link', linkname: '/etc/passwd' }]],
    ['a hardlink out of the layer', [{ name: 'pw', type: 'link', linkname: '../../secret' }]],
    [
      'a hardlink through a symlinked dir',
      [
        { name: 'd', type: 'symlink', linkname: '/etc' },
        { name: 'pw', type: 'link', linkname: 'd/passwd' },
      ],
    ],
    [
      'a hardlink to an outside symlink',
      [
        { name: 's', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'h', type: 'link', linkname: 's' },
      ],
    ],
    [
      'a directory replaced by a symlink, then a file below',
      [
        { name: 'd/', type: 'directory' },
        { name: 'd', type: 'symlink', linkname: '/etc' },
        { name: 'd/passwd', body: 'pwned' },
      ],
    ],
    ['a ".wh.." whiteout', [{ name: '.wh..' }]],
    ['a ".wh..." whiteout', [{ name: '.wh...' }]],
    ['a whiteout of the parent', [{ name: 'etc/.wh..' }]],
    ['a device node', [{ name: 'mem', type: 'character-device', devmajor: 1, devminor: 1 }]],
  ];
  it.each(hostile)('rejects %s and writes nothing outside', async (_what, entries) => {
    const before = await tree(dir).then(async () => [await tree(sentinel), await fs.readFile(path.join(dir, 'etc/passwd'), 'utf8')]);
    await expect(unpack(await makeTar(entries))).rejects.toThrow(/invalid layer/);
    await fs.rm(dest, { recursive: true, force: true });
    await fs.mkdir(dest);
    expect([await tree(sentinel), await fs.readFile(path.join(dir, 'etc/passwd'), 'utf8')]).toEqual(before);
  });

  it('sets directory times last without following a symlink that replaced the directory', async () => {
    const outside = path.join(dir, 'etc');
    await fs.mkdir(path.join(outside, 'inner'));
    const before = (await fs.stat(outside)).mtimeMs;
    const innerBefore = (await fs.stat(path.join(outside, 'inner'))).mtimeMs;
    const old = new Date('2001-01-01T00:00:00Z');
    await unpack(
      await makeTar([
        { name: 'gone/', type: 'directory', mtime: old },
        { name: 'gone/inner/', type: 'directory', mtime: old },
        { name: 'kept/', type: 'directory', mtime: old },
        { name: 'gone', type: 'symlink', linkname: outside },
      ]),
    );
    expect((await fs.stat(outside)).mtimeMs).toBe(before);
    expect((await fs.stat(path.join(outside, 'inner'))).mtimeMs).toBe(innerBefore);
    expect(await fs.readlink(path.join(dest, 'gone'))).toBe(outside);
    expect((await fs.stat(path.join(dest, 'kept'))).mtime).toEqual(old);
  });

  it('stops a decompression bomb at the byte budget and caps entries', async () => {
    const bomb = gzipSync(await makeTar([{ name: 'zeros', body: '\0'.repeat(4 * 1024 * 1024) }]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(
      unpackLayer(Readable.from([bomb]), dest, { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', maxBytes: 1024 * 1024 }),
    ).rejects.toThrow(/exceeds the budget/);
    const many = await makeTar(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, body: '' })));
    await expect(unpack(many, { maxEntries: 10 })).rejects.toThrow(/more than 10 entries/);
  });
});

describe('packUpperDir', () => {
  it('round-trips an overlay upper dir with whiteouts and opaque dirs', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pack-'));
    try {
      const src = path.join(dir, 'src');
      await fs.mkdir(src);
      const t = await makeTar([
        { name: 'keep', body: 'k' },
        { name: 'gone/.wh.x' },
        { name: 'gone/', type: 'directory' },
        { name: 'opq/', type: 'directory' },
        { name: 'opq/.wh..wh..opq' },
        { name: 'opq/mine', body: 'm' },
        { name: 'h1', body: 'h' },
        { name: 'h2', type: 'link', linkname: 'h1' },
      ]);
      await unpackLayer(Readable.from([t]), src, { mediaType: 'application/vnd.oci.image.layer.v1.tar' });
      const packed = packUpperDir(src);
      const chunks: Buffer[] = [];
      for await (const c of packed.stream) chunks.push(c as Buffer);
      const bytes = Buffer.concat(chunks);
      const { diffId, size } = await packed.done;
      expect(size).toBe(bytes.length);
      expect(diffId).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
      const names: string[] = [];
      const ex = tar.extract();
      ex.on('entry', (h, s, next) => {
        names.push(`${h.type}:${h.name}${h.linkname ? `>${h.linkname}` : ''}`);
        s.resume();
        s.on('end', next);
      });
      await new Promise<void>((r) => {
        ex.on('finish', () => r());
        ex.end(bytes);
      });
      expect(names).toEqual([
        'directory:gone',
        'file:gone/.wh.x',
        'file:h1',
        'link:h2>h1',
        'file:keep',
        'directory:opq',
        'file:opq/.wh..wh..opq',
        'file:opq/mine',
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
