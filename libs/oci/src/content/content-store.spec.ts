import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { ContentStore } from './content-store';

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('ContentStore', () => {
  let dir: string;
  let store: ContentStore;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'content-'));
    store = new ContentStore(dir);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('removes partial ingests a crash left, and finds blobs whose bytes no longer match their digest', async () => {
    const good = await store.put(Buffer.from('good blob'));
    const bad = await store.put(Buffer.from('soon corrupt'));
    await fs.writeFile(path.join(dir, 'blobs', 'sha256', bad.slice(7)), 'flipped bytes');
    await fs.mkdir(path.join(dir, 'ingest'), { recursive: true });
    await fs.writeFile(path.join(dir, 'ingest', 'abc-123'), 'half a layer');
    expect(await store.cleanIngest()).toBe(1);
    expect(await fs.readdir(path.join(dir, 'ingest'))).toEqual([]);
    expect(await store.corrupt()).toEqual([bad]);
    expect(await store.has(good)).toBe(true);
  });

  it('stores verified blobs once and reads them back', async () => {
    const data = Buffer.from('hello layer');
    let reads = 0;
    const source = () => {
      reads++;
      return Readable.from([data]);
    };
    await Promise.all([
      store.ingest({ digest: digestOf(data), size: data.length }, source),
      store.ingest({ digest: digestOf(data), size: data.length }, source),
    ]);
    await store.ingest({ digest: digestOf(data), size: data.length }, source);
    expect(reads).toBe(1);
    expect((await store.read(digestOf(data))).toString()).toBe('hello layer');
    expect(await store.list()).toEqual([digestOf(data)]);
  });

  it.each([
    ['altered bytes', Buffer.from('hello layer'), Buffer.from('hellO layer'), /digest mismatch/],
    ['a longer body', Buffer.from('abc'), Buffer.from('abcd'), /size mismatch: expected 3 bytes, received more/],
    ['a shorter body', Buffer.from('abcd'), Buffer.from('abc'), /size mismatch: expected 4 bytes, received 3/],
  ])('rejects %s and keeps nothing', async (_what, declared, actual, message) => {
    await expect(store.ingest({ digest: digestOf(declared), size: declared.length }, () => Readable.from([actual]))).rejects.toThrow(
      message,
    );
    expect(await store.has(digestOf(declared))).toBe(false);
    expect(await fs.readdir(path.join(dir, 'ingest'))).toEqual([]);
  });
});
