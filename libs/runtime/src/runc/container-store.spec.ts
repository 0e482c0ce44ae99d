import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ContainerCreateSpec } from '../container-runtime';
import { ContainerStore } from './container-store';

describe('ContainerStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'container-store-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('finds the folders a crashed create left without meta.json, and only those', async () => {
    const store = new ContainerStore(root);
    const [whole, half, empty] = ['a', 'b', 'c'].map((c) => c.repeat(64));
    await fs.mkdir(store.paths(whole!).rootfs, { recursive: true });
    await store.save({ id: whole!, spec: {} as ContainerCreateSpec, cgroupsPath: '/x', createdAt: '', restartCount: 0 });
    await fs.mkdir(store.paths(half!).rootfs, { recursive: true });
    await fs.writeFile(path.join(store.paths(half!).bundle, 'config.json'), '{}');
    await fs.mkdir(store.paths(empty!).dir);
    await fs.mkdir(path.join(root, '.runc'));
    expect((await store.halfCreated()).sort()).toEqual([half, empty]);
    expect((await store.loadAll()).map((m) => m.id)).toEqual([whole]);
  });

  it('finds nothing in a root that does not exist yet', async () => {
    expect(await new ContainerStore(path.join(root, 'missing')).halfCreated()).toEqual([]);
  });
});
