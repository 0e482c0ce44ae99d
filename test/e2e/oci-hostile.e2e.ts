import { ImageService } from '@stevedore/oci';
import {
  makeTar,
  makeTempDir,
  maliciousLayers,
  pushMultiPlatformImage,
  pushRawImage,
  type RunningRegistry,
  startRegistry,
} from '@stevedore/testing';
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

const hashFile = async (p: string) =>
  createHash('sha256')
    .update(await fs.readFile(p))
    .digest('hex');

describe('images from hostile or unusual registries content', () => {
  let registry: RunningRegistry;
  let dir: string;
  let service: ImageService;

  beforeAll(async () => {
    registry = await startRegistry();
    dir = await makeTempDir('oci-hostile');
    service = await ImageService.open({ root: path.join(dir, 'images') });
  }, 120000);

  afterAll(async () => {
    await registry?.stop();
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm('/tmp/stevedore-escape', { force: true });
  });

  it('rejects every malicious layer with nothing written outside and nothing recorded', async () => {
    const passwd = await hashFile('/etc/passwd');
    for (const { name, tar } of await maliciousLayers()) {
      const ref = await pushRawImage(registry, `evil/${name}`, [tar]);
      await expect(service.pull(ref)).rejects.toThrow(/invalid layer/);
      expect(service.has(ref)).toBe(false);
    }
    expect(await hashFile('/etc/passwd')).toBe(passwd);
    await expect(fs.access('/tmp/stevedore-escape')).rejects.toThrow();
    await expect(fs.access('/etc/stevedore-escape')).rejects.toThrow();
    expect(await service.snapshots.list()).toEqual([]);
    expect((await fs.readdir(service.snapshots.root).catch(() => [])).filter((n) => n.startsWith('tmp-'))).toEqual([]);
  });

  it('rejects a layer whose content does not match the config diff ID', async () => {
    const layer = await makeTar([{ name: 'hello', body: 'world' }]);
    const ref = await pushRawImage(registry, 'lying/diffid', [layer], { diffIds: ['sha256:' + '1'.repeat(64)] });
    await expect(service.pull(ref)).rejects.toThrow(/hashes to sha256:[0-9a-f]{64}, but the image config says sha256:1111/);
    expect(service.has(ref)).toBe(false);
  });

  it('picks the host platform from an image index', async () => {
    const ref = await pushMultiPlatformImage(registry, 'multi/platform');
    const record = await service.pull(ref);
    const { lowerDirs } = service.rootfsFor(ref);
    const want = process.arch === 'arm64' ? 'linux/arm64\n' : 'linux/amd64\n';
    expect(await fs.readFile(path.join(lowerDirs[0]!, 'platform'), 'utf8')).toBe(want);
    expect(record.config.architecture).toBe(process.arch === 'arm64' ? 'arm64' : 'amd64');
  });
});
