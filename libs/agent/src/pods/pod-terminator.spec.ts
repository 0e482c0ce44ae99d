import type { LogFields, Logger } from '@stevedore/log';
import { FakeRuntime } from '@stevedore/runtime';
import type { PodHost } from './pod-host';
import { removeContainer } from './pod-terminator';

describe('removeContainer', () => {
  it('removes, takes a container already gone for removed, and logs any other failure', async () => {
    const runtime = new FakeRuntime();
    const warnings: LogFields[] = [];
    const log = { warn: (_msg: string, fields: LogFields) => warnings.push(fields) } as unknown as Logger;
    const host = { runtime, log } as unknown as PodHost;
    const { id } = await runtime.create({
      name: 'app',
      image: { ref: 'busybox:1', id: 'sha256:1' },
      rootfs: { lowerDirs: [] },
      process: { args: ['sh'], env: [], cwd: '/' },
    });
    await runtime.start(id);
    await removeContainer(host, id);
    await expect(runtime.inspect(id)).rejects.toThrow('No such container');
    await removeContainer(host, id);
    expect(warnings).toEqual([]);
    runtime.remove = async () => {
      throw new Error('device or resource busy');
    };
    await removeContainer(host, id);
    expect(warnings).toEqual([{ container: id.slice(0, 12), err: new Error('device or resource busy') }]);
  });
});
