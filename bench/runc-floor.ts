// The floors for container start: bare `runc run --detach` of the same bundle the agent made, on
// the same image layers (mounted before the clock starts), with nothing of ours around it: one
// after another (startup), and many at once (burst).

import { isRuncGone } from '@stevedore/runtime';
import { execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { pooled } from './api-client';
import { removeCgroupParent, tryCleanup } from './cleanup';
import { timed } from './stats';

const run = promisify(execFile);
const CGROUP_PARENT = 'stevedore-bench-floor';

interface FloorBundle {
  id: string;
  dir: string;
}

/** Sequential floor: each sample is one `runc run --detach`, its bundle made and removed around it. */
export async function runcFloor(bundleConfig: string, lowerDirs: string[], workDir: string, iterations: number): Promise<number[]> {
  const config = JSON.parse(await fs.readFile(bundleConfig, 'utf8'));
  const runcRoot = path.join(workDir, 'runc');
  const samples: number[] = [];
  try {
    for (let i = 0; i < iterations; i++) {
      const bundle = await makeBundle(config, lowerDirs, workDir, `floor-${process.pid}-${i}`);
      try {
        const [ms] = await timed(() => runcRun(runcRoot, bundle));
        samples.push(ms);
      } finally {
        await removeBundle(runcRoot, bundle);
      }
    }
  } finally {
    await removeCgroupParent(CGROUP_PARENT);
  }
  return samples;
}

/** Burst floor: `count` containers started `parallel` at a time (as the agent's start slots), bundles made beforehand; containers per second. */
export async function runcBurstFloor(
  bundleConfig: string,
  lowerDirs: string[],
  workDir: string,
  count: number,
  parallel: number,
): Promise<number> {
  const config = JSON.parse(await fs.readFile(bundleConfig, 'utf8'));
  const runcRoot = path.join(workDir, 'runc-burst');
  const bundles: FloorBundle[] = [];
  try {
    for (let i = 0; i < count; i++) bundles.push(await makeBundle(config, lowerDirs, workDir, `burst-${process.pid}-${i}`));
    const [ms] = await timed(() => pooled(bundles, parallel, (bundle) => runcRun(runcRoot, bundle)));
    return Math.round((count / (ms / 1000)) * 10) / 10;
  } finally {
    await pooled(bundles, parallel, (bundle) => removeBundle(runcRoot, bundle));
    await removeCgroupParent(CGROUP_PARENT);
  }
}

async function makeBundle(config: { linux?: object }, lowerDirs: string[], workDir: string, id: string): Promise<FloorBundle> {
  const dir = path.join(workDir, id);
  const rootfs = path.join(dir, 'rootfs');
  await Promise.all(['upper', 'work', 'rootfs'].map((d) => fs.mkdir(path.join(dir, d), { recursive: true })));
  await run('mount', [
    '-t',
    'overlay',
    'overlay',
    '-o',
    `lowerdir=${lowerDirs.join(':')},upperdir=${dir}/upper,workdir=${dir}/work`,
    rootfs,
  ]);
  const spec = { ...config, linux: { ...config.linux, cgroupsPath: `/${CGROUP_PARENT}/${id}` } };
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify(spec));
  return { id, dir };
}

async function removeBundle(runcRoot: string, bundle: FloorBundle): Promise<void> {
  // A bundle whose `runc run` failed has no container: runc saying so is expected.
  await tryCleanup(
    'delete the runc container',
    () =>
      run('runc', ['--root', runcRoot, 'delete', '--force', bundle.id]).catch((err: unknown) => {
        if (!isRuncGone(err)) throw err;
      }),
    { id: bundle.id },
  );
  await tryCleanup('unmount the bundle', () => run('umount', [path.join(bundle.dir, 'rootfs')]), { id: bundle.id });
  await fs.rm(bundle.dir, { recursive: true, force: true });
}

/** The container inherits runc's stdio, so this waits for runc's exit rather than for its pipes to close. */
function runcRun(root: string, bundle: FloorBundle): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('runc', ['--root', root, 'run', '--detach', '--bundle', bundle.dir, bundle.id], {
      stdio: 'ignore',
      cwd: bundle.dir,
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`runc run exited with ${code}`))));
  });
}
