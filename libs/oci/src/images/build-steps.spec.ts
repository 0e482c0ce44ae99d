import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageService } from './image-service';

// Build steps' images without layers (config-only steps), so no root and no mounts are needed.
describe('ImageService: build steps as the build cache', () => {
  let root: string;
  let images: ImageService;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'images-'));
    images = await ImageService.open({ root });
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const chain = async () => {
    const a = await images.buildStep({ config: { Env: ['A=1'] }, createdBy: 'ENV A=1', cacheKey: 'k1' });
    const b = await images.buildStep({ parentId: a.id, config: { Env: ['A=1'], Cmd: ['x'] }, createdBy: 'CMD ["x"]', cacheKey: 'k2' });
    return { a, b };
  };

  it('records parent and cache key, finds a step by its key, and marks config-only steps as empty layers', async () => {
    const { a, b } = await chain();
    expect(b).toMatchObject({ parent: a.id, cacheKey: 'k2', layers: [] });
    expect(b.config.history?.map((h) => [h.created_by, h.empty_layer])).toEqual([
      ['ENV A=1', true],
      ['CMD ["x"]', true],
    ]);
    expect(images.cached('k1')?.id).toBe(a.id);
    expect(images.cached('k3')).toBeUndefined();
  });

  it('lists only tagged build results; removing one removes the untagged steps it was built on', async () => {
    const { a, b } = await chain();
    expect(images.list()).toEqual([]);
    await images.tag(b.id, 'demo:1');
    expect(images.list().map((i) => i.id)).toEqual([b.id]);
    const removed = await images.remove('demo:1');
    expect(removed.deleted).toEqual([b.id, a.id]);
    expect(images.cached('k1')).toBeUndefined();
  });

  it('keeps a step another image still builds on, and prune removes the untagged leftovers', async () => {
    const { a, b } = await chain();
    const c = await images.buildStep({ parentId: a.id, config: { Env: ['A=2'] }, createdBy: 'ENV A=2', cacheKey: 'k4' });
    await images.tag(c.id, 'other:1');
    expect((await images.prune()).deleted).toEqual([b.id]);
    expect(images.cached('k1')?.id).toBe(a.id);
    expect((await images.remove('other:1')).deleted).toEqual([c.id, a.id]);
  });
});
