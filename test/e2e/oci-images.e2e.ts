import { canonical, ImageService, parseReference } from '@stevedore/oci';
import { makeTempDir, pushTestImages, type RunningRegistry, startCountingProxy, startRegistry, type TestImages } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';

describe('images: pull, share, tag, remove, prune, commit and push against a real registry', () => {
  let registry: RunningRegistry;
  let images: TestImages;
  let dir: string;
  let service: ImageService;

  beforeAll(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    dir = await makeTempDir('oci-e2e');
    service = await ImageService.open({ root: path.join(dir, 'images') });
  }, 300000);

  afterAll(async () => {
    await registry?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('pulls by tag and by digest to the same image', async () => {
    const byTag = await service.pull(images.busybox);
    expect(byTag.id).toMatch(/^sha256:[a-f0-9]{64}$/);
    const digestRef = `${images.busybox.replace(/:1$/, '')}@${byTag.manifestDigest}`;
    const byDigest = await service.pull(digestRef);
    expect(byDigest.id).toBe(byTag.id);
    expect(service.resolve(byTag.id.slice(7, 19)).id).toBe(byTag.id);
    const { lowerDirs } = service.rootfsFor(images.busybox);
    expect((await fs.lstat(path.join(lowerDirs[0]!, 'bin', 'busybox'))).isFile()).toBe(true);
  });

  it('stores a shared base layer once and fetches no blob on a second pull', async () => {
    const proxy = await startCountingProxy(registry);
    try {
      const viaProxy = (ref: string) => ref.replace(registry.host, proxy.host);
      const a = await service.pull(viaProxy(images.sharedA));
      const blobsAfterA = proxy.requests.filter((r) => r.includes('/blobs/')).length;
      const b = await service.pull(viaProxy(images.sharedB));
      const blobGets = proxy.requests.filter((r) => r.includes('/blobs/'));
      expect(a.chainIds[0]).toBe(b.chainIds[0]);
      // B needs only its config and its own top layer: the base layer is already unpacked.
      expect(blobGets.length - blobsAfterA).toBe(2);
      proxy.requests.length = 0;
      await service.pull(viaProxy(images.sharedB));
      expect(proxy.requests.filter((r) => r.includes('/blobs/'))).toEqual([]);
      expect(proxy.requests.filter((r) => r.includes('/manifests/')).length).toBeGreaterThan(0);
      const summaries = service.list();
      const sa = summaries.find((s) => s.id === a.id)!;
      expect(sa.uniqueSize).toBeLessThan(sa.virtualSize);
    } finally {
      await proxy.stop();
    }
  });

  it('unpacks deletions and replaced directories as overlay whiteouts', async () => {
    const record = await service.pull(images.multilayer);
    expect(record.layers).toHaveLength(3);
    const second = service.snapshots.dir(record.chainIds[1]!);
    const motd = await fs.lstat(path.join(second, 'etc', 'motd'));
    expect(motd.isCharacterDevice() && motd.rdev === 0).toBe(true);
    expect(await fs.readFile(path.join(second, 'opt', 'data'), 'utf8')).toBe('now a file\n');
  });

  it('re-tagging leaves the old image dangling; rmi is refused while in use; prune removes only dangling images', async () => {
    const web = await service.pull(images.web);
    const busybox = service.resolve(images.busybox);
    await service.tag(images.web, 'local/app:1');
    await service.tag(images.busybox, 'local/app:1');
    expect(service.tagsOf(web.id)).toEqual([canonical(parseReference(images.web))]);
    await service.remove(images.web, { inUse: (id) => id === web.id }).catch((e: Error) => {
      expect(e.message).toMatch(/in use by a container/);
    });
    expect(service.has(images.web)).toBe(true);
    await service.remove(images.web);
    expect(service.list().some((s) => s.id === web.id)).toBe(false);
    expect(service.resolve('local/app:1').id).toBe(busybox.id);
    const before = service.list().length;
    const pruned = await service.prune();
    expect(pruned.deleted).toEqual([]);
    expect(service.list()).toHaveLength(before);
  });

  it('commits a writable layer, pushes it, removes it and pulls it back with the same ID', async () => {
    const upper = path.join(dir, 'upper');
    await fs.mkdir(path.join(upper, 'etc'), { recursive: true });
    await fs.writeFile(path.join(upper, 'etc', 'note'), 'committed\n');
    const target = `${registry.host}/test/committed:1`;
    const committed = await service.commit({
      upperDir: upper,
      parentImageId: images.busybox,
      reference: target,
      message: 'add a note',
      changes: { Cmd: ['cat', '/etc/note'] },
    });
    expect(committed.layers).toHaveLength(service.resolve(images.busybox).layers.length + 1);
    expect(committed.config.config?.Cmd).toEqual(['cat', '/etc/note']);
    expect(committed.config.history?.at(-1)?.comment).toBe('add a note');
    await service.push(target);
    await service.remove(target);
    expect(service.has(target)).toBe(false);
    const again = await service.pull(target);
    expect(again.id).toBe(committed.id);
    const top = service.snapshots.dir(again.chainIds.at(-1)!);
    expect(await fs.readFile(path.join(top, 'etc', 'note'), 'utf8')).toBe('committed\n');
  });

  it('reports a missing image and a malformed reference clearly', async () => {
    await expect(service.pull(`${registry.host}/test/nope:1`)).rejects.toThrow(/image not found/);
    await expect(service.pull('Bad:Ref')).rejects.toThrow(/invalid reference/);
  });
});
