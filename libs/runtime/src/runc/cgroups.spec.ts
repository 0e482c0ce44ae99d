import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cgroups, detectLayout } from './cgroups';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
}

describe('Cgroups stats from fake hierarchies', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cgroups-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('reads cgroup v1 (one hierarchy per controller) and treats the huge limit as unlimited', async () => {
    const g = 'stevedore/abc';
    await write(root, {
      [`memory/${g}/memory.usage_in_bytes`]: '10485760\n',
      [`memory/${g}/memory.stat`]: 'cache 100\ntotal_inactive_file 2097152\n',
      [`memory/${g}/memory.limit_in_bytes`]: '9223372036854771712\n',
      [`memory/${g}/memory.oom_control`]: 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n',
      [`cpuacct/${g}/cpuacct.usage`]: '123456789\n',
      [`pids/${g}/pids.current`]: '7\n',
    });
    expect(await detectLayout(root)).toBe('v1');
    expect(await new Cgroups('v1', root).stats(g)).toEqual({
      cpuUsageNanos: 123456789,
      memoryUsageBytes: 10485760,
      memoryWorkingSetBytes: 8388608,
      memoryLimitBytes: undefined,
      pids: 7,
      oomEvents: 2,
    });
  });

  it('reads cgroup v2 (one unified hierarchy)', async () => {
    const g = 'stevedore/abc';
    await write(root, {
      'cgroup.controllers': 'cpu memory pids\n',
      [`${g}/memory.current`]: '4096000\n',
      [`${g}/memory.stat`]: 'anon 1\ninactive_file 96000\n',
      [`${g}/memory.max`]: '67108864\n',
      [`${g}/memory.events`]: 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n',
      [`${g}/cpu.stat`]: 'usage_usec 2500\nuser_usec 2000\n',
      [`${g}/pids.current`]: '3\n',
    });
    expect(await detectLayout(root)).toBe('v2');
    expect(await new Cgroups('v2', root).stats(g)).toEqual({
      cpuUsageNanos: 2500000,
      memoryUsageBytes: 4096000,
      memoryWorkingSetBytes: 4000000,
      memoryLimitBytes: 67108864,
      pids: 3,
      oomEvents: 1,
    });
  });

  it('removes a group from every hierarchy and tolerates missing ones', async () => {
    for (const h of ['memory', 'cpu', 'pids', 'unified']) await fs.mkdir(path.join(root, h, 'stevedore', 'x'), { recursive: true });
    await new Cgroups('v1', root).remove('stevedore/x');
    for (const h of ['memory', 'cpu', 'pids', 'unified']) await expect(fs.access(path.join(root, h, 'stevedore', 'x'))).rejects.toThrow();
    await new Cgroups('v1', root).remove('stevedore/x');
  });

  it('reads a removed group as zeros, but fails on a file it cannot read', async () => {
    expect(await new Cgroups('v2', root).stats('stevedore/gone')).toEqual({
      cpuUsageNanos: 0,
      memoryUsageBytes: 0,
      memoryWorkingSetBytes: 0,
      memoryLimitBytes: undefined,
      pids: 0,
      oomEvents: 0,
    });
    await fs.mkdir(path.join(root, 'stevedore/odd/memory.current'), { recursive: true });
    await expect(new Cgroups('v2', root).stats('stevedore/odd')).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('does not take a group that still has children for removed', async () => {
    await fs.mkdir(path.join(root, 'memory', 'stevedore', 'x', 'child'), { recursive: true });
    await expect(new Cgroups('v1', root).remove('stevedore/x')).rejects.toMatchObject({ code: 'ENOTEMPTY' });
  });
});
