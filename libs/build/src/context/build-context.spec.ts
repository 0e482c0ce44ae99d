import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuildContext, componentPattern } from './build-context';
import { digestSource } from './copy-files';

describe('BuildContext', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ctx-'));
    await fs.mkdir(path.join(dir, 'src', 'deep'), { recursive: true });
    await fs.writeFile(path.join(dir, 'src', 'a.txt'), 'a');
    await fs.writeFile(path.join(dir, 'src', 'b.log'), 'b');
    await fs.writeFile(path.join(dir, 'src', 'deep', 'c.txt'), 'c');
    await fs.writeFile(path.join(dir, 'keep.log'), 'k');
    await fs.symlink('/etc/passwd', path.join(dir, 'escape'));
    await fs.writeFile(path.join(dir, '.dockerignore'), '# comment\n**/*.log\n!keep.log\nsrc/deep\n');
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('applies .dockerignore with exceptions and directories', async () => {
    const ctx = await BuildContext.open(dir);
    expect(['src/b.log', 'keep.log', 'src/deep', 'src/deep/c.txt', 'src/a.txt'].map((p) => ctx.ignored(p))).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('resolves sources inside the context only, with wildcards, and says why one is missing', async () => {
    const ctx = await BuildContext.open(dir);
    expect((await ctx.resolve('/src/./a.txt')).map((s) => s.rel)).toEqual(['src/a.txt']);
    expect((await ctx.resolve('src/*.*')).map((s) => s.rel)).toEqual(['src/a.txt']);
    await expect(ctx.resolve('../x')).rejects.toThrow('forbidden path outside the build context: ../x');
    await expect(ctx.resolve('src/../../x')).rejects.toThrow('forbidden path outside the build context');
    await expect(ctx.resolve('missing.txt')).rejects.toThrow('file not found in build context: missing.txt');
    await expect(ctx.resolve('src/b.log')).rejects.toThrow('file not found in build context or excluded by .dockerignore: src/b.log');
    // A symlink to an absolute path is resolved inside the context, never on the host.
    await expect(ctx.resolve('escape')).rejects.toThrow('file not found in build context: escape');
    await expect(ctx.resolve('*.none')).rejects.toThrow('no source files were specified');
  });

  it('digests content and modes but not times, leaving ignored files out', async () => {
    const ctx = await BuildContext.open(dir);
    const digest = async () => {
      const hash = createHash('sha256');
      const [src] = await ctx.resolve('src');
      await digestSource(hash, { ...src!, ignored: (rel) => ctx.ignored(rel) });
      return hash.digest('hex');
    };
    const first = await digest();
    await fs.utimes(path.join(dir, 'src', 'a.txt'), new Date(0), new Date(0));
    await fs.writeFile(path.join(dir, 'src', 'b.log'), 'changed but ignored');
    expect(await digest()).toBe(first);
    await fs.chmod(path.join(dir, 'src', 'a.txt'), 0o600);
    const afterChmod = await digest();
    expect(afterChmod).not.toBe(first);
    await fs.writeFile(path.join(dir, 'src', 'a.txt'), 'A');
    expect(await digest()).not.toBe(afterChmod);
  });

  it('matches components as Go filepath.Match does', () => {
    expect(componentPattern('*.t?t').test('a.txt')).toBe(true);
    expect(componentPattern('[a-c]x').test('bx')).toBe(true);
    expect(componentPattern('[^a]x').test('ax')).toBe(false);
    expect(componentPattern('a.b').test('axb')).toBe(false);
  });
});
