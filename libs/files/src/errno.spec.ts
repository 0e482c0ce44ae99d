import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasErrnoCode, ignoreGone, ignoreMissing, pathExists } from './index';

const errno = (code: string) => Object.assign(new Error(`${code}: made up`), { code });

describe('errno helpers', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'errno-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('tells a system error by its code', async () => {
    const err = await fs.readFile(path.join(dir, 'absent')).catch((e: unknown) => e);
    expect(hasErrnoCode(err, 'EACCES', 'ENOENT')).toBe(true);
    expect(hasErrnoCode(err, 'EACCES')).toBe(false);
    expect(hasErrnoCode(new Error('no code'), 'ENOENT')).toBe(false);
    expect(hasErrnoCode('ENOENT', 'ENOENT')).toBe(false);
  });

  it('ignoreMissing: passes the value through and turns ENOENT and ENOTDIR into undefined', async () => {
    await fs.writeFile(path.join(dir, 'file'), 'text');
    expect(await ignoreMissing(fs.readFile(path.join(dir, 'file'), 'utf8'))).toBe('text');
    expect(await ignoreMissing(fs.readFile(path.join(dir, 'absent'), 'utf8'))).toBeUndefined();
    expect(await ignoreMissing(fs.readFile(path.join(dir, 'file', 'below'), 'utf8'))).toBeUndefined();
  });

  it('ignoreMissing: rejects with any other failure', async () => {
    await expect(ignoreMissing(Promise.reject(errno('EACCES')))).rejects.toMatchObject({ code: 'EACCES' });
    await expect(ignoreMissing(fs.readFile(dir, 'utf8'))).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(ignoreMissing(Promise.reject(new Error('not a system error')))).rejects.toThrow('not a system error');
  });

  it('pathExists: true or false for present and missing paths, throws on other failures', async () => {
    await fs.writeFile(path.join(dir, 'file'), '');
    expect(await pathExists(path.join(dir, 'file'))).toBe(true);
    expect(await pathExists(path.join(dir, 'absent'))).toBe(false);
    expect(await pathExists(path.join(dir, 'file', 'below'))).toBe(false);
    await expect(pathExists(`${dir}/\0`)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('ignoreGone: undefined for a process that has exited (ESRCH), other failures thrown', () => {
    const exited = spawnSync('true').pid;
    expect(ignoreGone(() => process.kill(exited, 0))).toBeUndefined();
    expect(ignoreGone(() => process.kill(process.pid, 0))).toBe(true);
    expect(() => ignoreGone(() => process.kill(process.pid, 'SIGNOTREAL' as NodeJS.Signals))).toThrow(/SIGNOTREAL/);
    expect(() =>
      ignoreGone(() => {
        throw errno('EPERM');
      }),
    ).toThrow('EPERM');
  });
});
