import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyFsGroup, ownedMode, ownershipOf } from './volume-ownership';

describe('fsGroup volume ownership', () => {
  it('adds group read/write (read only for read-only volumes) and setgid on folders', () => {
    expect(ownedMode(0o100644, false, false)).toBe(0o664);
    expect(ownedMode(0o40755, true, false)).toBe(0o2775);
    expect(ownedMode(0o100600, false, true)).toBe(0o640);
    expect(ownedMode(0o40700, true, true)).toBe(0o2750);
  });

  it('owns emptyDir, claim and projected volumes, never hostPath', () => {
    expect(ownershipOf({ emptyDir: {} })).toEqual({ readOnly: false });
    expect(ownershipOf({ persistentVolumeClaim: { claimName: 'c', readOnly: true } })).toEqual({ readOnly: true });
    expect(ownershipOf({ secret: { secretName: 's' } })).toEqual({ readOnly: true });
    expect(ownershipOf({ hostPath: { path: '/etc' } })).toBeUndefined();
  });

  it('walks the volume, and with OnRootMismatch leaves a volume whose root already fits', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fsgroup-'));
    await fs.mkdir(path.join(dir, 'sub'));
    await fs.writeFile(path.join(dir, 'sub', 'f'), 'x', { mode: 0o600 });
    await fs.symlink('sub/f', path.join(dir, 'link'));
    const pod = (policy?: string) => ({ spec: { securityContext: { fsGroup: 2345, fsGroupChangePolicy: policy } } });
    await applyFsGroup(pod(), { emptyDir: {} }, dir);
    const file = await fs.stat(path.join(dir, 'sub', 'f'));
    expect({ gid: file.gid, mode: file.mode & 0o7777 }).toEqual({ gid: 2345, mode: 0o660 });
    expect((await fs.stat(path.join(dir, 'sub'))).mode & 0o7777).toBe(0o2775);
    expect((await fs.lstat(path.join(dir, 'link'))).gid).toBe(2345);
    // A file changed afterwards stays as it is when the root already fits.
    await fs.chmod(path.join(dir, 'sub', 'f'), 0o600);
    await applyFsGroup(pod('OnRootMismatch'), { emptyDir: {} }, dir);
    expect((await fs.stat(path.join(dir, 'sub', 'f'))).mode & 0o7777).toBe(0o600);
    await applyFsGroup(pod(), { emptyDir: {} }, dir);
    expect((await fs.stat(path.join(dir, 'sub', 'f'))).mode & 0o7777).toBe(0o660);
    await fs.rm(dir, { recursive: true });
  });
});
