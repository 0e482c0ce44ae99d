import { spawn, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stopStaleEtcd } from './embedded-etcd';

describe('stopStaleEtcd', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stale-etcd-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('does nothing without a pid file, or when the recorded process has exited', async () => {
    await stopStaleEtcd(path.join(dir, 'etcd.pid'), dir);
    await fs.writeFile(path.join(dir, 'etcd.pid'), String(spawnSync('true').pid));
    await stopStaleEtcd(path.join(dir, 'etcd.pid'), dir);
  });

  it('stops the process recorded for this data dir, and only that one', async () => {
    const dataDir = path.join(dir, 'etcd');
    const stale = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', dataDir], { stdio: 'ignore' });
    const exited = new Promise((resolve) => stale.once('exit', (_code, signal) => resolve(signal)));
    try {
      await fs.writeFile(path.join(dir, 'etcd.pid'), String(stale.pid));
      await stopStaleEtcd(path.join(dir, 'etcd.pid'), path.join(dir, 'other'));
      expect(stale.exitCode).toBeNull();
      await stopStaleEtcd(path.join(dir, 'etcd.pid'), dataDir);
      expect(await exited).toBe('SIGTERM');
    } finally {
      stale.kill('SIGKILL');
    }
  });

  it('fails on a pid file it cannot read', async () => {
    await fs.mkdir(path.join(dir, 'etcd.pid'));
    await expect(stopStaleEtcd(path.join(dir, 'etcd.pid'), dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
