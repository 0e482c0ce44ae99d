import { makeTempDir, pushTestImages, type RunningRegistry, startRegistry, type TestImages, waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { type AgentProcess, startAgentProcess, stevedore } from './support/agent-process';
import { cgroupDirs, mountsUnder, removeCgroupParent } from './support/busybox-rootfs';

describe('stevedore node: the CLI drives a real agent over its gRPC socket', () => {
  let registry: RunningRegistry;
  let images: TestImages;
  let dir: string;
  let agent: AgentProcess;
  const cgroupParent = `stevedore-cli-${process.pid}`;
  const node = (...args: string[]) => stevedore(dir, ...args);

  beforeAll(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    dir = await makeTempDir('agent-cli');
    agent = await startAgentProcess(dir, cgroupParent);
  }, 300000);

  afterAll(async () => {
    const ps = await node('ps', '-a', '--output', 'json');
    for (const c of JSON.parse(ps.stdout || '[]') as { id: string }[]) await node('rm', '-f', c.id);
    await agent?.stop();
    await removeCgroupParent(cgroupParent);
    const leftovers = dir ? await mountsUnder(dir) : [];
    await registry?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
    expect(await cgroupDirs(cgroupParent)).toEqual([]);
  });

  it('pulls, lists, runs, execs, logs, stops and removes a container', async () => {
    const pull = await node('pull', images.busybox);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toMatch(/Pull complete|Already exists/);
    const list = await node('images');
    expect(list.stdout).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE/);
    expect(list.stdout).toContain(`${registry.host}/test/busybox`);
    const created = await node(
      'create',
      '--name',
      'box',
      '--memory',
      '64m',
      '-e',
      'GREETING=hi',
      '--hostname',
      'boxhost',
      images.busybox,
      'sh',
      '-c',
      'echo $GREETING; sleep 300',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await node('start', 'box')).code).toBe(0);
    const ps = await node('ps');
    expect(ps.stdout).toMatch(/box\s*$/m);
    expect(ps.stdout).toContain('Up ');
    const exec = await node('exec', 'box', 'cat', '/etc/hostname');
    expect(exec).toMatchObject({ code: 0, stdout: 'boxhost\n' });
    expect((await node('exec', 'box', 'sh', '-c', 'exit 4')).code).toBe(4);
    await waitFor(async () => (await node('logs', 'box')).stdout === 'hi\n', { what: 'the log line' });
    const stop = await node('stop', '-t', '1', 'box');
    expect(stop.code).toBe(0);
    const all = await node('ps', '-a', '-s');
    expect(all.stdout).toMatch(/Exited \(\d+\)/);
    expect(all.stdout).toMatch(/\(virtual [\d.]+[kM]B\)/);
    expect((await node('rm', 'box')).code).toBe(0);
  });

  it('commits a container, pushes, removes and pulls the image, and runs the change', async () => {
    expect(await node('run', '-d', '--name', 'writer', images.busybox, 'sh', '-c', 'echo committed > /note; rm /etc/passwd')).toMatchObject(
      { code: 0, stderr: '' },
    );
    await waitFor(async () => (await node('ps', '-a')).stdout.match(/writer/) && (await node('ps', '-a')).stdout.includes('Exited (0)'), {
      what: 'writer to exit',
    });
    const target = `${registry.host}/test/noted:1`;
    const commit = await node('commit', '-m', 'add a note', 'writer', target);
    expect(commit.code).toBe(0);
    expect((await node('push', target)).code).toBe(0);
    expect((await node('rm', 'writer')).code).toBe(0);
    expect((await node('rmi', target)).stdout).toContain('Deleted:');
    expect((await node('pull', target)).code).toBe(0);
    const run = await node('run', '--name', 'reader', target, 'sh', '-c', 'cat /note; ls /etc/passwd 2>&1');
    expect(run.stdout).toBe('committed\nls: /etc/passwd: No such file or directory\n');
    await node('rm', 'reader');
  });

  it('honours whiteouts inside a container: deleted files are gone, a replaced directory is a file', async () => {
    const run = await node('run', '--name', 'layers', images.multilayer, 'sh', '-c', 'ls /etc/motd 2>&1; cat /opt/data; cat /etc/extra');
    expect(run).toMatchObject({ code: 0, stdout: 'ls: /etc/motd: No such file or directory\nnow a file\nthird layer\n' });
    await node('rm', 'layers');
  });

  it('refuses rmi while a container uses the image, and prune removes only dangling images', async () => {
    await node('create', '--name', 'user', images.web);
    const refused = await node('rmi', images.web);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^Error: conflict: .*in use by a container/);
    await node('rm', 'user');
    await node('tag', images.web, 'local/web:old');
    await node('pull', images.sharedA);
    await node('tag', images.sharedA, 'local/web:old');
    const pruneBefore = JSON.parse((await node('images', '--output', 'json')).stdout) as { tags: string[] }[];
    expect(pruneBefore.some((i) => i.tags.length === 0)).toBe(false);
    await node('rmi', images.web);
    const prune = await node('prune');
    expect(prune.code).toBe(0);
    const after = JSON.parse((await node('images', '--output', 'json')).stdout) as { tags: string[] }[];
    expect(after.every((i) => i.tags.length > 0)).toBe(true);
  });

  it('keeps containers running across an agent crash and re-adopts them', async () => {
    await node('run', '-d', '--name', 'survivor', images.busybox, 'sleep', '300');
    const before = JSON.parse((await node('inspect', 'survivor')).stdout) as { pid: number };
    await agent.stop('SIGKILL');
    process.kill(before.pid, 0);
    agent = await startAgentProcess(dir, cgroupParent);
    const after = JSON.parse((await node('inspect', 'survivor')).stdout) as { pid: number; state: string };
    expect(after).toMatchObject({ state: 'running', pid: before.pid });
    expect((await node('stop', '-t', '1', 'survivor')).code).toBe(0);
    expect((await node('rm', 'survivor')).code).toBe(0);
  });

  it('fails with a one-line error for bad input', async () => {
    for (const args of [
      ['pull', 'Bad:Ref'],
      ['start', 'no-such-container'],
      ['create', '--memory', 'lots', images.busybox],
      ['rmi', 'sha256:ffffffffffff'],
    ]) {
      const r = await node(...args);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^Error: /);
    }
    const noAgent = await stevedore(path.join(dir, 'nowhere'), 'images');
    expect(noAgent.stderr).toMatch(/the node agent is not running/);
  });
});
