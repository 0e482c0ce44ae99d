import type { ContainerCreateSpec } from './container-runtime';
import { ignoreNoSuchContainer } from './errors';
import { FakeRuntime } from './fake/fake-runtime';
import { isRuncGone } from './runc/runc-cli';

const spec = (name: string): ContainerCreateSpec => ({
  name,
  image: { ref: 'busybox:1', id: `sha256:${'a'.repeat(64)}` },
  rootfs: { lowerDirs: ['/fake/layer'] },
  process: { args: ['sleep', '60'], env: [], cwd: '/' },
});

describe('expected runtime failures', () => {
  it('ignoreNoSuchContainer: a removed container is undefined; other refusals still reject', async () => {
    const rt = new FakeRuntime();
    const { id } = await rt.create(spec('web'));
    await rt.start(id);
    expect(await ignoreNoSuchContainer(rt.inspect(id))).toMatchObject({ id, state: 'running' });
    await expect(ignoreNoSuchContainer(rt.remove(id))).rejects.toThrow(/container is running/);
    await rt.remove(id, { force: true });
    expect(await ignoreNoSuchContainer(rt.remove(id))).toBeUndefined();
    expect(await ignoreNoSuchContainer(rt.stats(id))).toBeUndefined();
    await expect(ignoreNoSuchContainer(Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
  });

  it("isRuncGone: runc's words for a container that has stopped or gone, and no others", () => {
    const runcSays = (msg: string) => new Error(`/usr/sbin/runc kill: time="2026-01-01T00:00:00Z" level=error msg="${msg}"`);
    expect(isRuncGone(runcSays('container not running'))).toBe(true);
    expect(isRuncGone(runcSays('container does not exist'))).toBe(true);
    expect(isRuncGone(runcSays('os: process already finished'))).toBe(true);
    expect(isRuncGone(runcSays('invalid signal'))).toBe(false);
    expect(isRuncGone(runcSays('permission denied'))).toBe(false);
    expect(isRuncGone('container not running')).toBe(false);
  });
});
