// Images without a registry: archives made by skopeo (docker save format and OCI layout) load
// into a node and run; `save` writes an archive skopeo reads and that loads into another node
// with the same IMAGE ID; a truncated archive is refused with nothing stored.
import { makeTempDir, pushTestImages, type RunningRegistry, startRegistry, type TestImages } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { type AgentProcess, startAgentProcess, stevedore } from './support/agent-process';
import { cgroupDirs, mountsUnder, removeCgroupParent } from './support/busybox-rootfs';

const run = promisify(execFile);
jest.setTimeout(180_000);

describe('stevedore node load and save', () => {
  let registry: RunningRegistry;
  let images: TestImages;
  let dirs: string[] = [];
  let agents: AgentProcess[] = [];
  let work: string;
  const cgroupParent = (i: number) => `stevedore-archive-${process.pid}-${i}`;
  const node = (i: number, ...args: string[]) => stevedore(dirs[i]!, ...args);
  const skopeo = (...args: string[]) => run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 16 << 20 });

  beforeAll(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    work = await makeTempDir('archives');
    dirs = [await makeTempDir('archive-node-a'), await makeTempDir('archive-node-b')];
    agents = [await startAgentProcess(dirs[0]!, cgroupParent(0)), await startAgentProcess(dirs[1]!, cgroupParent(1))];
    const source = `docker://${images.busybox}`;
    await skopeo('copy', '--quiet', '--src-tls-verify=false', source, `docker-archive:${path.join(work, 'docker.tar')}:demo/docker:1`);
    await skopeo('copy', '--quiet', '--src-tls-verify=false', source, `oci-archive:${path.join(work, 'oci.tar')}:demo/oci:1`);
  });

  afterAll(async () => {
    for (const [i] of dirs.entries()) {
      const ps = await node(i, 'ps', '-a', '--output', 'json');
      for (const c of JSON.parse(ps.stdout || '[]') as { id: string }[]) await node(i, 'rm', '-f', c.id);
    }
    for (const agent of agents) await agent.stop();
    const leftovers: string[] = [];
    for (const [i, dir] of dirs.entries()) {
      await removeCgroupParent(cgroupParent(i));
      leftovers.push(...(await mountsUnder(dir)), ...(await cgroupDirs(cgroupParent(i))));
      await fs.rm(dir, { recursive: true, force: true });
    }
    await registry?.stop();
    if (work) await fs.rm(work, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
  });

  const imageId = async (i: number, ref: string) => JSON.parse((await node(i, 'inspect', ref)).stdout || '{}').id as string;

  it('loads a docker save archive and an OCI-layout archive made by skopeo, and runs them', async () => {
    const docker = await node(0, 'load', '-i', path.join(work, 'docker.tar'));
    expect(docker).toMatchObject({ code: 0, stdout: 'Loaded image: docker.io/demo/docker:1\n' });
    const oci = await node(0, 'load', '-i', path.join(work, 'oci.tar'));
    expect(oci.code).toBe(0);
    expect(oci.stdout).toContain('Loaded image:');
    const ran = await node(0, 'run', '--name', 'from-archive', 'demo/docker:1', 'sh', '-c', 'echo loaded-and-running');
    expect(ran.stdout.trim()).toBe('loaded-and-running');
    // The same image either way: one IMAGE ID, the config's digest.
    expect(await imageId(0, 'demo/docker:1')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('saves an archive skopeo reads, which loads on another node with the same IMAGE ID', async () => {
    expect((await node(0, 'tag', 'demo/docker:1', 'demo/saved:2')).code).toBe(0);
    const out = path.join(work, 'saved.tar');
    expect(await node(0, 'save', '-o', out, 'demo/saved:2')).toMatchObject({ code: 0 });
    const inspected = JSON.parse((await skopeo('inspect', `oci-archive:${out}`)).stdout);
    expect(inspected.Layers.length).toBeGreaterThan(0);
    const asDocker = JSON.parse((await skopeo('inspect', `docker-archive:${out}`)).stdout);
    expect(asDocker.RepoTags ?? []).toBeDefined();
    expect(await node(1, 'load', '-i', out)).toMatchObject({ code: 0, stdout: 'Loaded image: docker.io/demo/saved:2\n' });
    expect(await imageId(1, 'demo/saved:2')).toBe(await imageId(0, 'demo/saved:2'));
    expect((await node(1, 'run', '--name', 'copy', 'demo/saved:2', 'true')).code).toBe(0);
  });

  it('refuses a truncated archive and stores no image', async () => {
    const whole = await fs.readFile(path.join(work, 'docker.tar'));
    await fs.writeFile(path.join(work, 'cut.tar'), whole.subarray(0, Math.floor(whole.length / 2)));
    const before = (await node(1, 'images', '-o', 'json')).stdout;
    const refused = await node(1, 'load', '-i', path.join(work, 'cut.tar'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/archive/);
    expect((await node(1, 'images', '-o', 'json')).stdout).toBe(before);
  });
});
