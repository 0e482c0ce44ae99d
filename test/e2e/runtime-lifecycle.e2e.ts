import { type ContainerCreateSpec, RuncRuntime } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { cgroupDirs, makeBusyboxLayer, mountsUnder, removeCgroupParent } from './support/busybox-rootfs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RuncRuntime: containers under runc and conmon', () => {
  let dir: string;
  let layer: string;
  let runtime: RuncRuntime;
  const cgroupParent = `stevedore-test-${process.pid}`;
  let counter = 0;

  const spec = (args: string[], extra: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec => ({
    name: `c${++counter}`,
    image: { ref: 'test/busybox:1', id: 'sha256:' + 'a'.repeat(64) },
    rootfs: { lowerDirs: [layer] },
    process: { args, env: ['PATH=/bin'], cwd: '/' },
    ...extra,
  });
  const waitExited = async (id: string, timeoutMs = 15000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = await runtime.inspect(id);
      if (info.state === 'exited') return info;
      await sleep(50);
    }
    throw new Error(`container ${id} did not exit in ${timeoutMs} ms`);
  };
  const output = async (id: string) => (await lastValueFrom(runtime.logs(id).pipe(toArray()))).map((e) => `${e.stream}:${e.line}`);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runtime-'));
    layer = await makeBusyboxLayer(path.join(dir, 'layer'));
    runtime = await RuncRuntime.open({ root: path.join(dir, 'containers'), cgroupParent });
  });

  afterAll(async () => {
    for (const c of (await runtime?.list()) ?? []) await runtime.remove(c.id, { force: true }).catch(() => undefined);
    await runtime?.close();
    await removeCgroupParent(cgroupParent);
    const leftover = await mountsUnder(dir);
    await fs.rm(dir, { recursive: true, force: true });
    expect(leftover).toEqual([]);
  });

  it('runs a command to completion and records its exit code and output', async () => {
    const c = await runtime.create(spec(['sh', '-c', 'echo out; echo err >&2; exit 3']));
    expect(c.state).toBe('created');
    await runtime.start(c.id);
    const done = await waitExited(c.id);
    expect(done.exitCode).toBe(3);
    expect(done.oomKilled).toBe(false);
    expect(await output(c.id)).toEqual(['stdout:out', 'stderr:err']);
    const tail = await lastValueFrom(runtime.logs(c.id, { tail: 1 }).pipe(toArray()));
    expect(tail.map((e) => e.line)).toEqual(['err']);
  });

  it("keeps each container's writes in its own writable layer and never touches the image layer", async () => {
    const a = await runtime.create(spec(['sh', '-c', 'echo A > /etc/owner; rm /bin/vi; cat /etc/owner']));
    const b = await runtime.create(spec(['sh', '-c', 'cat /etc/owner 2>&1; ls /bin/vi']));
    await runtime.start(a.id);
    await waitExited(a.id);
    await runtime.start(b.id);
    await waitExited(b.id);
    expect(await output(a.id)).toEqual(['stdout:A']);
    expect(await output(b.id)).toEqual(["stdout:cat: can't open '/etc/owner': No such file or directory", 'stdout:/bin/vi']);
    await expect(fs.access(path.join(layer, 'etc/owner'))).rejects.toThrow();
    await expect(fs.lstat(path.join(layer, 'bin/vi'))).resolves.toBeDefined();
    expect(await fs.readFile(path.join(a.upperDir, 'etc/owner'), 'utf8')).toBe('A\n');
    expect(await runtime.writableLayerSize(a.id)).toBeGreaterThan(0);
    await runtime.remove(a.id);
    await expect(fs.access(a.upperDir)).rejects.toThrow();
    await expect(fs.lstat(path.join(layer, 'bin/vi'))).resolves.toBeDefined();
  });

  it('confines the process: capabilities, no_new_privs, seccomp, read-only /proc paths', async () => {
    const c = await runtime.create(
      spec([
        'sh',
        '-c',
        'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status; echo x > /proc/sys/kernel/hostname && echo wrote; unshare -U true 2>/dev/null; echo unshare=$?; true',
      ]),
    );
    await runtime.start(c.id);
    await waitExited(c.id);
    const lines = await output(c.id);
    expect(lines).toContain('stdout:CapEff:\t00000000a80425fb');
    expect(lines).toContain('stdout:NoNewPrivs:\t1');
    expect(lines).toContain('stdout:Seccomp:\t2');
    expect(lines.some((l) => l.includes('Read-only file system'))).toBe(true);
    expect(lines).not.toContain('stdout:wrote');
    expect(lines).toContain('stdout:unshare=1');
  });

  it('stops with SIGTERM, and with SIGKILL after the grace period when TERM is ignored', async () => {
    // PID 1 ignores signals it has no handler for (as under Docker), so the polite one traps TERM.
    const polite = await runtime.create(spec(['sh', '-c', 'trap "exit 143" TERM; sleep 60 & wait']));
    const stubborn = await runtime.create(spec(['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done']));
    await runtime.start(polite.id);
    await runtime.start(stubborn.id);
    let t = Date.now();
    await runtime.stop(polite.id, 10);
    expect(Date.now() - t).toBeLessThan(3000);
    expect((await runtime.inspect(polite.id)).exitCode).toBe(143);
    t = Date.now();
    await runtime.stop(stubborn.id, 1);
    const elapsed = Date.now() - t;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(8000);
    expect((await runtime.inspect(stubborn.id)).exitCode).toBe(137);
  });

  it('kills with a signal, restarts on the same writable layer, and emits events', async () => {
    const c = await runtime.create(spec(['sh', '-c', 'echo run >> /runs; sleep 60']));
    const exited = firstValueFrom(runtime.events$.pipe(filter((e) => e.id === c.id && e.type === 'exited')));
    await runtime.start(c.id);
    await runtime.kill(c.id, 'KILL');
    expect((await exited).exitCode).toBe(137);
    await runtime.restart(c.id, 1);
    const info = await runtime.inspect(c.id);
    expect(info.state).toBe('running');
    expect(info.restartCount).toBe(1);
    const exec = await runtime.exec(c.id, { args: ['cat', '/runs'] });
    let text = '';
    exec.stdout.on('data', (d) => (text += d));
    expect(await exec.exitCode).toBe(0);
    expect(text).toBe('run\nrun\n');
    await expect(runtime.remove(c.id)).rejects.toThrow(/is running/);
    await runtime.remove(c.id, { force: true });
  });

  it('kills a container past its memory limit (OOMKilled) and holds a fork loop at the pids limit', async () => {
    const hog = await runtime.create(
      spec(['sh', '-c', 'x=a; while true; do x="$x$x"; done'], { resources: { memoryBytes: 16 * 1024 * 1024 } }),
    );
    await runtime.start(hog.id);
    const done = await waitExited(hog.id, 30000);
    expect(done.oomKilled).toBe(true);
    expect(done.exitCode).toBe(137);

    const forker = await runtime.create(
      spec(['sh', '-c', 'for i in $(seq 1 100); do sleep 30 & done; wait'], { resources: { pidsLimit: 20 } }),
    );
    await runtime.start(forker.id);
    const forked = await waitExited(forker.id);
    expect(forked.exitCode).not.toBe(0);
    expect(await output(forker.id)).toContain("stderr:sh: can't fork: Resource temporarily unavailable");

    const three = await runtime.create(spec(['sh', '-c', 'sleep 30 & sleep 30 & wait'], { resources: { pidsLimit: 20 } }));
    await runtime.start(three.id);
    await sleep(500);
    expect((await runtime.stats(three.id)).pids).toBe(3);
    await runtime.remove(three.id, { force: true });
    expect(await cgroupDirs(`${cgroupParent}/${three.id}`)).toEqual([]);
  });

  it('re-adopts a running container from disk, as after an agent restart', async () => {
    const c = await runtime.create(spec(['sh', '-c', 'sleep 2; exit 7']));
    await runtime.start(c.id);
    const pid = (await runtime.inspect(c.id)).pid;
    const second = await RuncRuntime.open({ root: path.join(dir, 'containers'), cgroupParent });
    try {
      const adopted = await second.inspect(c.name);
      expect(adopted).toMatchObject({ state: 'running', pid });
      const exited = firstValueFrom(second.events$.pipe(filter((e) => e.id === c.id && e.type === 'exited')));
      expect((await exited).exitCode).toBe(7);
    } finally {
      await second.close();
    }
  });

  it('rejects bad input with clear errors', async () => {
    await expect(runtime.create(spec(['true'], { name: 'bad name!' }))).rejects.toThrow(/invalid container name/);
    await expect(runtime.create(spec([], {}))).rejects.toThrow(/no command specified/);
    await expect(runtime.create(spec(['true'], { process: { args: ['true'], env: [], cwd: '/', user: 'ghost' } }))).rejects.toThrow(
      /unable to find user ghost/,
    );
    await expect(runtime.create(spec(['true'], { mounts: [{ source: dir, destination: '/a/../etc' }] }))).rejects.toThrow(
      /must not contain/,
    );
    await expect(runtime.inspect('nope')).rejects.toThrow('No such container: nope');
    expect(await mountsUnder(path.join(dir, 'containers'))).toHaveLength((await runtime.list()).length);
  });
});
