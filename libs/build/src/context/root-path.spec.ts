import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clampedComponents, cleanComponents, resolveInLayers, resolveInRoot, statInLayers } from './root-path';

describe('paths inside a tree with hostile symlinks', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'root-path-'));
    await fs.mkdir(path.join(root, 'usr', 'bin'), { recursive: true });
    await fs.writeFile(path.join(root, 'usr', 'bin', 'tool'), 'tool');
    await fs.symlink('usr/bin', path.join(root, 'bin'));
    await fs.symlink('/etc', path.join(root, 'abs'));
    await fs.symlink('../../../../etc', path.join(root, 'usr', 'up'));
    await fs.symlink('loop2', path.join(root, 'loop1'));
    await fs.symlink('loop1', path.join(root, 'loop2'));
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it('cleans components and says when ".." climbs out', () => {
    expect(cleanComponents('/a/./b//c/../d')).toEqual(['a', 'b', 'd']);
    expect(cleanComponents('a/../../x')).toBe(false);
    expect(clampedComponents('../../a/../../b')).toEqual(['b']);
  });

  it('resolves symlinks as if the tree were the root, never reaching the host', async () => {
    expect(await resolveInRoot(root, 'bin/tool')).toBe(path.join(root, 'usr/bin/tool'));
    expect(await resolveInRoot(root, 'abs/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, 'usr/up/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, '../../etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, 'bin', false)).toBe(path.join(root, 'bin'));
    await expect(resolveInRoot(root, 'loop1/x')).rejects.toThrow('too many levels of symbolic links');
  });

  it('finds a path in the topmost layer that has it, and stops at a whiteout', async () => {
    const top = await fs.mkdtemp(path.join(os.tmpdir(), 'layer-'));
    try {
      await fs.mkdir(path.join(top, 'usr', 'bin'), { recursive: true });
      await fs.writeFile(path.join(top, 'usr', 'bin', 'tool'), 'newer');
      const found = await statInLayers([top, root], '/bin/tool');
      // The top layer has no /bin symlink of its own: the lower layer's file is found through its own link.
      expect(found?.path).toBe(path.join(root, 'usr/bin/tool'));
      expect((await statInLayers([top, root], '/usr/bin/tool'))?.path).toBe(path.join(top, 'usr/bin/tool'));
      expect(await statInLayers([top, root], '/missing')).toBeUndefined();
    } finally {
      await fs.rm(top, { recursive: true, force: true });
    }
  });

  it("follows the image's directory symlinks across layers, unless a higher layer replaced them", async () => {
    expect(await resolveInLayers([root], '/bin/new/file')).toBe('/usr/bin/new/file');
    expect(await resolveInLayers([root], '/abs/x')).toBe('/etc/x');
    expect(await resolveInLayers([root], '/usr/up/x')).toBe('/etc/x');
    const top = await fs.mkdtemp(path.join(os.tmpdir(), 'layer-'));
    try {
      await fs.mkdir(path.join(top, 'bin'));
      expect(await resolveInLayers([top, root], '/bin/x')).toBe('/bin/x');
    } finally {
      await fs.rm(top, { recursive: true, force: true });
    }
  });
});
