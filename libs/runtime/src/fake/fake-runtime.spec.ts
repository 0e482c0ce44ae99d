import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { ContainerCreateSpec } from '../container-runtime';
import { FakeRuntime } from './fake-runtime';

const spec = (name: string, args = ['sleep', '60']): ContainerCreateSpec => ({
  name,
  image: { ref: 'busybox:1', id: 'sha256:' + 'a'.repeat(64) },
  rootfs: { lowerDirs: ['/fake/layer'] },
  process: { args, env: [], cwd: '/' },
});

describe('FakeRuntime', () => {
  it('follows the container lifecycle with the same events and exit codes as runc', async () => {
    const rt = new FakeRuntime();
    const seen = lastValueFrom(rt.events$.pipe(toArray()));
    const c = await rt.create(spec('web'));
    expect(c.state).toBe('created');
    await rt.start('web');
    expect((await rt.inspect(c.id.slice(0, 6))).state).toBe('running');
    await rt.kill('web', 'KILL');
    expect(await rt.inspect('web')).toMatchObject({ state: 'exited', exitCode: 137 });
    await rt.restart('web');
    expect(await rt.inspect('web')).toMatchObject({ state: 'running', restartCount: 1 });
    await expect(rt.remove('web')).rejects.toThrow(/is running/);
    await rt.remove('web', { force: true });
    (rt as unknown as { events: { complete(): void } }).events.complete();
    // restart of an exited container only starts it again
    expect((await seen).map((e) => e.type)).toEqual(['created', 'started', 'exited', 'started', 'removed']);
  });

  it('refuses what RuncRuntime refuses', async () => {
    const rt = new FakeRuntime();
    await rt.create(spec('one'));
    await expect(rt.create(spec('one'))).rejects.toThrow(/already in use/);
    await expect(rt.create(spec('bad name!'))).rejects.toThrow(/invalid container name/);
    await expect(rt.create(spec('empty', []))).rejects.toThrow(/no command specified/);
    await expect(rt.inspect('nope')).rejects.toThrow('No such container: nope');
    await expect(rt.exec('one', { args: ['true'] })).rejects.toThrow(/is not running/);
  });

  it('is programmable: exits, OOM kills, logs, exec replies and stats', async () => {
    const rt = new FakeRuntime();
    await rt.create(spec('job'));
    await rt.start('job');
    rt.writeLog('job', 'stdout', 'working');
    const oom = firstValueFrom(rt.events$.pipe(filter((e) => e.type === 'oom')));
    rt.setStats('job', { memoryWorkingSetBytes: 1234 });
    expect((await rt.stats('job')).memoryWorkingSetBytes).toBe(1234);
    const exec = await rt.exec('job', { args: ['echo', 'hi'] });
    let out = '';
    for await (const chunk of exec.stdout) out += chunk;
    expect(await exec.exitCode).toBe(0);
    expect(out).toBe('hi\n');
    rt.setExitCode('job', 137, { oomKilled: true });
    await oom;
    expect(await rt.inspect('job')).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true });
    expect((await lastValueFrom(rt.logs('job').pipe(toArray()))).map((l) => l.line)).toEqual(['working']);
  });
});
