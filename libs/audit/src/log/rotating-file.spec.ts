import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { backupName, backupTime, RotatingFile } from './rotating-file';

const KB_IN_MB = 1 / 1024;
const line = (n: number) => Buffer.from(`${String(n).padStart(99, '0')}\n`); // 100 bytes

describe('RotatingFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audit-rotate-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('names backups as kube-apiserver does, in UTC', () => {
    const at = Date.parse('2026-12-06T16:20:00.000Z');
    expect(backupName('/var/log/audit.log', at)).toBe('/var/log/audit-2026-12-06T16-20-00.000.log');
    expect(backupTime('/var/log/audit.log', 'audit-2026-12-06T16-20-00.000.log')).toBe(at);
    expect(backupTime('/var/log/audit.log', 'other-2026-12-06T16-20-00.000.log')).toBeUndefined();
    expect(backupTime('/var/log/audit.log', 'audit.log')).toBeUndefined();
  });

  it('rotates before a write would pass the size, keeping whole lines and maxBackups files', async () => {
    let clock = Date.parse('2026-12-06T16:20:00.000Z');
    const file = path.join(dir, 'audit.log');
    const log = new RotatingFile(file, { maxSizeMB: KB_IN_MB, maxBackups: 2, maxAgeDays: 0 }, () => (clock += 1000));
    for (let i = 0; i < 35; i++) await log.write(line(i)); // 3500 bytes: 1000 per file
    await log.close();
    const names = (await fs.readdir(dir)).sort();
    expect(names).toEqual(['audit-2026-12-06T16-20-02.000.log', 'audit-2026-12-06T16-20-03.000.log', 'audit.log']);
    const current = await fs.readFile(file, 'utf8');
    expect(current.split('\n').filter(Boolean)).toHaveLength(5);
    const newest = await fs.readFile(path.join(dir, names[1]!), 'utf8');
    expect(newest.split('\n')[0]).toBe(line(20).toString().trim());
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('deletes backups older than maxAge days, by the time in their names', async () => {
    const file = path.join(dir, 'audit.log');
    const now = Date.parse('2026-12-06T16:20:00.000Z');
    await fs.writeFile(backupName(file, now - 3 * 24 * 3600 * 1000), 'old\n');
    await fs.writeFile(backupName(file, now - 3600 * 1000), 'recent\n');
    await fs.writeFile(path.join(dir, 'unrelated.log'), 'kept\n');
    const log = new RotatingFile(file, { maxSizeMB: KB_IN_MB, maxBackups: 0, maxAgeDays: 2 }, () => now);
    for (let i = 0; i < 11; i++) await log.write(line(i));
    await log.close();
    expect((await fs.readdir(dir)).sort()).toEqual([
      'audit-2026-12-06T15-20-00.000.log',
      'audit-2026-12-06T16-20-00.000.log',
      'audit.log',
      'unrelated.log',
    ]);
  });

  it('appends to an existing file and counts its size', async () => {
    const file = path.join(dir, 'audit.log');
    await fs.writeFile(file, line(0).toString().repeat(9));
    const log = new RotatingFile(file, { maxSizeMB: KB_IN_MB, maxBackups: 0, maxAgeDays: 0 }, () => 0);
    await log.write(line(1));
    await log.write(line(2));
    await log.close();
    expect((await fs.readFile(file, 'utf8')).trim()).toBe(line(2).toString().trim());
    expect((await fs.readdir(dir)).length).toBe(2);
  });
});
