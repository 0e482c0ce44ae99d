import { Spawner } from './spawner';

describe('Spawner', () => {
  const spawner = new Spawner();
  afterAll(() => spawner.close());

  it('runs a command from the worker and returns its output and exit code', async () => {
    const result = await spawner.run({ file: '/bin/sh', args: ['-c', 'echo out; echo err >&2; exit 3'] });
    expect(result).toMatchObject({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
    expect(result.error).toBeUndefined();
  });

  it('feeds input on stdin and passes the environment and working directory it is given', async () => {
    const result = await spawner.run({ file: '/bin/sh', args: ['-c', 'cat; echo "$GREETING"; pwd'], input: 'from stdin\n', env: { GREETING: 'hello' }, cwd: '/tmp' });
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
    const result = await spawner.runWithSyncPipe({ file: '/bin/sh', args: ['-c', 'echo \'{"data": 42}\' >&3; echo more >&3'], timeoutMs: 5000 });
    expect(result.text.split('\n')[0]).toBe('{"data": 42}');
    expect(result.error).toBeUndefined();
  });

  it('returns what a child wrote on fd 3 before closing it without a newline', async () => {
    const result = await spawner.runWithSyncPipe({ file: '/bin/sh', args: ['-c', 'printf partial >&3'], timeoutMs: 5000 });
    expect(result).toEqual({ text: 'partial' });
  });

  it('spreads overlapping requests over up to maxWorkers workers', async () => {
    const pool = new Spawner({ maxWorkers: 2 });
    try {
      const runs = Array.from({ length: 3 }, () => pool.run({ file: '/bin/sleep', args: ['0.3'] }));
      expect(pool.workers).toBe(2);
      expect((await Promise.all(runs)).map((r) => r.code)).toEqual([0, 0, 0]);
    } finally {
      await pool.close();
    }
  });

  it('stops a worker that has been idle for idleMs', async () => {
    const pool = new Spawner({ idleMs: 50 });
    await pool.run({ file: '/bin/true', args: [] });
    expect(pool.workers).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pool.workers).toBe(0);
  });

  it('starts a new worker after close', async () => {
    await spawner.close();
    expect((await spawner.run({ file: '/bin/echo', args: ['again'] })).stdout).toBe('again\n');
  });
});
