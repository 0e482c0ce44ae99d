import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diskUsage, writeFileAtomic } from './index';

describe('files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'files-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('replaces a file atomically with the given mode and leaves no temp file', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two', 0o600);
    expect(await fs.readFile(file, 'utf8')).toBe('two');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await fs.readdir(dir)).toEqual(['state.json']);
  });

  it('counts regular file bytes once per inode and ignores symlink targets', async () => {
    await fs.mkdir(path.join(dir, 'a'));
    await fs.writeFile(path.join(dir, 'a', 'f'), Buffer.alloc(1000));
    await fs.link(path.join(dir, 'a', 'f'), path.join(dir, 'hard'));
    await fs.symlink('/etc/passwd', path.join(dir, 'link'));
    await fs.writeFile(path.join(dir, 'g'), 'xyz');
    expect(await diskUsage(dir)).toBe(1003);
  });

  it('counts a missing directory as empty but fails on a tree it may not read', async () => {
    expect(await diskUsage(path.join(dir, 'absent'))).toBe(0);
    await fs.writeFile(path.join(dir, 'file'), 'x');
    await expect(diskUsage(path.join(dir, 'file'))).resolves.toBe(0);
    await expect(diskUsage(`${dir}/\0`)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});
