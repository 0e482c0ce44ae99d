// The built `stevedore` command's flags, as a person meets them: a bad value or an unknown flag
// stops it with a message naming the flag and a non-zero exit code, and --log-format json turns
// its log into NDJSON on stderr while its own output stays on stdout.

import { makeTempDir, spawnTracked, stopProcess, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import { CLI } from './support/agent-process';
import { cgroupDirs, removeCgroupParent } from './support/busybox-rootfs';

function stevedore(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run bash scripts/build.sh first (npm test does)`);
});

describe('stevedore flags', () => {
  it.each([
    [['up', '--api-port', '99999'], 'Error: --api-port: 99999 is not a port (1-65535)\n'],
    [
      ['control-plane', '--etcd-endpoints', 'http://127.0.0.1:2379', '--service-cidr', '10.0.0.0/33'],
      'Error: --service-cidr: 10.0.0.0/33 is not a CIDR\n',
    ],
    [['get', 'pods', '--log-level', 'loud'], 'Error: --log-level: loud is not one of trace, debug, info, warn, error, fatal, silent\n'],
    [['up', '--api-prot', '6443'], "error: unknown option '--api-prot'\n"],
  ])('%j exits 1 with a message naming the flag', async (args, message) => {
    expect(await stevedore(...args)).toEqual({ code: 1, stdout: '', stderr: message });
  });

  it('logs NDJSON on stderr with --log-format json, its greeting staying on stdout', async () => {
    const dir = await makeTempDir('cli-options');
    const cgroupParent = `stevedore-cli-options-${process.pid}`;
    const child = spawnTracked(process.execPath, [
      CLI,
      'agent',
      '--data-dir',
      dir,
      '--cgroup-parent',
      cgroupParent,
      '--log-format',
      'json',
      '--log-level',
      'debug',
    ]);
    let [stdout, stderr] = ['', ''];
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    try {
      await waitFor(async () => stderr.includes('serving on unix:') && stdout.includes('node agent is up'), {
        what: `the agent to serve (${stderr})`,
        timeoutMs: 20000,
      });
      const records = stderr
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(records).toContainEqual(
        expect.objectContaining({ level: 30, component: 'agent', msg: `serving on unix:${dir}/agent.sock`, pid: child.pid }),
      );
      expect(records).toContainEqual(expect.objectContaining({ component: 'runtime', msg: expect.stringMatching(/^runtime ready/) }));
      expect(stdout).not.toContain('{');
    } finally {
      await stopProcess(child);
      await removeCgroupParent(cgroupParent);
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(await cgroupDirs(cgroupParent)).toEqual([]);
  });
});
