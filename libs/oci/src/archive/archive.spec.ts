import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar-stream';
import { ImageService } from '../images/image-service';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function tarOf(files: Record<string, Buffer | string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name, mode: 0o644 }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A one-layer image in `docker save` form (uncompressed layer, named files). */
async function dockerArchive(): Promise<{ archive: Buffer; id: string }> {
  const layer = await tarOf({ 'hello.txt': 'hello from a loaded image\n' });
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['cat', '/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [sha(layer)] },
    }),
  );
  const archive = await tarOf({
    'manifest.json': JSON.stringify([{ Config: 'config.json', RepoTags: ['demo/hello:1'], Layers: ['abc/layer.tar'] }]),
    'config.json': config,
    'abc/layer.tar': layer,
  });
  return { archive, id: sha(config) };
}

describe('image archives', () => {
  let dir: string;
  const store = (name: string) => ImageService.open({ root: path.join(dir, name) });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('loads a docker save archive with its tag and the same IMAGE ID, and the files in place', async () => {
    const { archive, id } = await dockerArchive();
    await fs.writeFile(path.join(dir, 'in.tar'), archive);
    const images = await store('a');
    expect(await images.load(path.join(dir, 'in.tar'))).toEqual([{ id, tags: ['docker.io/demo/hello:1'] }]);
    const { lowerDirs, record } = images.rootfsFor('demo/hello:1');
    expect(record.id).toBe(id);
    expect(await fs.readFile(path.join(lowerDirs[0]!, 'hello.txt'), 'utf8')).toBe('hello from a loaded image\n');
    expect(record.repoDigests).toEqual([]);
  });

  it('saves to an archive that loads into another store with the same IMAGE ID and tag', async () => {
    const { archive, id } = await dockerArchive();
    await fs.writeFile(path.join(dir, 'in.tar'), archive);
    const first = await store('a');
    await first.load(path.join(dir, 'in.tar'));
    await first.save(['demo/hello:1'], path.join(dir, 'out.tar'));
    const second = await store('b');
    expect(await second.load(path.join(dir, 'out.tar'))).toEqual([{ id, tags: ['docker.io/demo/hello:1'] }]);
  });

  it('refuses a truncated or foreign archive and records nothing', async () => {
    const { archive } = await dockerArchive();
    await fs.writeFile(path.join(dir, 'cut.tar'), archive.subarray(0, 1500));
    await fs.writeFile(path.join(dir, 'other.tar'), await tarOf({ 'readme.txt': 'not an image' }));
    const images = await store('a');
    await expect(images.load(path.join(dir, 'cut.tar'))).rejects.toThrow(/archive/);
    await expect(images.load(path.join(dir, 'other.tar'))).rejects.toThrow(
      'the archive is neither a docker save archive (manifest.json) nor an OCI image layout (index.json)',
    );
    expect(images.list()).toEqual([]);
    expect((await fs.readdir(path.join(dir, 'a'))).filter((n) => n.startsWith('load-'))).toEqual([]);
  });
});
