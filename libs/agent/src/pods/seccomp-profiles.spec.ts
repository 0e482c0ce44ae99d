import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadLocalhostProfile, normalizeProfile } from './seccomp-profiles';

describe('Localhost seccomp profiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seccomp-'));
    await fs.mkdir(path.join(dir, 'team'));
    await fs.writeFile(path.join(dir, 'team', 'ok.json'), JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }));
    await fs.writeFile(path.join(dir, 'broken.json'), '{');
  });
  afterAll(() => fs.rm(dir, { recursive: true }));

  it('reads a profile by its path inside the folder', async () => {
    expect(await loadLocalhostProfile(dir, 'team/ok.json')).toEqual({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] });
  });

  it.each([
    ['../etc/passwd', /must be a path inside/],
    ['/etc/passwd', /must be a path inside/],
    ['missing.json', /no such file/],
    ['broken.json', /cannot load seccomp profile/],
    ['team', /it is a folder/],
    ['', /localhostProfile must be set/],
  ])('refuses %p', async (name, message) => {
    await expect(loadLocalhostProfile(dir, name)).rejects.toThrow(message);
  });

  it("turns Docker's form into the OCI one", () => {
    const docker = {
      defaultAction: 'SCMP_ACT_ERRNO',
      archMap: [{ architecture: 'SCMP_ARCH_X86_64' }],
      syscalls: [{ name: 'read', action: 'SCMP_ACT_ALLOW' }],
    };
    expect(normalizeProfile(docker, 'd')).toEqual({
      defaultAction: 'SCMP_ACT_ERRNO',
      architectures: ['SCMP_ARCH_X86_64'],
      syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
    });
    expect(() => normalizeProfile({ syscalls: [] }, 'x')).toThrow(/has no defaultAction/);
  });
});
