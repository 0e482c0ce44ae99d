import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveUser, withSupplementalGroups } from './user-lookup';

describe('user lookup in the image', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'users-'));
    await fs.mkdir(path.join(root, 'etc'));
    await fs.writeFile(path.join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n');
    await fs.writeFile(path.join(root, 'etc/group'), 'root:x:0:\napp:x:1000:\nstaff:x:50:app\n');
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it.each([
    [undefined, { uid: 0, gid: 0, additionalGids: [] }],
    ['app', { uid: 1000, gid: 1000, additionalGids: [50] }],
    ['1000', { uid: 1000, gid: 1000, additionalGids: [50] }],
    ['app:staff', { uid: 1000, gid: 50, additionalGids: [] }],
    ['4242:4243', { uid: 4242, gid: 4243, additionalGids: [] }],
  ])('resolves %p', async (user, want) => {
    expect(await resolveUser(root, user)).toEqual(want);
  });

  it('refuses unknown names and never reads a passwd file through a symlink', async () => {
    await expect(resolveUser(root, 'ghost')).rejects.toThrow(/unable to find user ghost/);
    await fs.rm(path.join(root, 'etc/passwd'));
    await fs.symlink('/etc/passwd', path.join(root, 'etc/passwd'));
    await expect(resolveUser(root, 'root')).rejects.toThrow(/unable to find user root/);
  });

  it('adds supplemental groups after the primary group, with or without the image groups', () => {
    const user = { uid: 1000, gid: 1000, additionalGids: [50] };
    expect(withSupplementalGroups(user, [4000, 2000, 50])).toEqual({ uid: 1000, gid: 1000, additionalGids: [1000, 50, 4000, 2000] });
    expect(withSupplementalGroups(user, [4000], false).additionalGids).toEqual([1000, 4000]);
  });
});
