import { Spawner } from './spawner';

describe('Spawner', () => {
  const spawner = new Spawner();
  afterAll(() => spawner.close());

  it('runs a command from the helper and returns its output and exit code', async () => {
    const result = await spawner.run({ file: '/bin/sh', args: ['-c', 'echo out; echo err >&2; exit 3'] });
    expect(result).toMatchObject({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
    expect(result.error).toBeUndefined();
  });

  it('feeds input on stdin and passes the environment and working directory it is given', async () => {
    const result = await spawner.run({
      file: '/bin/sh',
      args: ['-c', 'cat; echo "$GREETING"; pwd'],
      input: 'from stdin\n',
      env: { GREETING: 'hello' },
      cwd: '/tmp',
    });
    expect(result.stdout).toBe('from stdin\nhello\n/tmp\n');
  });

  it('says why a command could not be started', async () => {
    const result = await spawner.run({ file: '/nonexistent/tool', args: [] });
    expect(result.code).toBeNull();
    expect(result.error).toMatch(/ENOENT/);
  });

  it('stops a command that runs out of time', async () => {
    const result = await spawner.run({ file: '/bin/sleep', args: ['10'], timeoutMs: 200 });
    expect(result.signal).toBe('SIGTERM');
    expect(result.error).toMatch(/timed out/);
  });

  it('runs many commands at once and answers each one', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => spawner.run({ file: '/bin/echo', args: [String(i)] })));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('returns the first line a detached child reports on fd 3', async () => {
    const result = await spawner.runWithSyncPipe({
      file: '/bin/sh',
      args: ['-c', 'echo \'{"data": 42}\' >&3; echo more >&3'],
      timeoutMs: 5000,
    });
    expect(result.text.split('\n')[0]).toBe('{"data": 42}');
    expect(result.error).toBeUndefined();
  });

  it('returns what a child wrote on fd 3 before closing it without a newline', async () => {
    const result = await spawner.runWithSyncPipe({ file: '/bin/sh', args: ['-c', 'printf partial >&3'], timeoutMs: 5000 });
    expect(result).toEqual({ text: 'partial' });
  });

  it('forks commands from its helper process, not from this (larger) one', async () => {
    const result = await spawner.run({ file: '/bin/sh', args: ['-c', 'echo $PPID'] });
    expect(Number(result.stdout)).toBe(spawner.helperPid);
    expect(spawner.helperPid).not.toBe(process.pid);
  });

  it('fails the requests of a helper that dies and starts a new one for the next request', async () => {
    await spawner.run({ file: '/bin/true', args: [] });
    const first = spawner.helperPid!;
    const held = spawner.run({ file: '/bin/sleep', args: ['0.5'] });
    process.kill(first, 'SIGKILL');
    await expect(held).rejects.toThrow(/spawn helper stopped: killed by SIGKILL/);
    expect((await spawner.run({ file: '/bin/echo', args: ['again'] })).stdout).toBe('again\n');
    expect(spawner.helperPid).not.toBe(first);
  });

  it('lets its helper exit on its own when the channel closes, as when this process dies', async () => {
    await spawner.run({ file: '/bin/true', args: [] });
    const pid = spawner.helperPid!;
    // No kill as a fallback within the test's time: the helper must leave by itself.
    await spawner.close({ killAfterMs: 60_000 });
    expect(() => process.kill(pid, 0)).toThrow();
    expect(spawner.helperPid).toBeUndefined();
  });

  it('starts a new helper after close', async () => {
    await spawner.close();
    expect((await spawner.run({ file: '/bin/echo', args: ['again'] })).stdout).toBe('again\n');
  });
});
