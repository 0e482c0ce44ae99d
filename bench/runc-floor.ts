// The floor for container start: bare `runc run --detach` of the same bundle the agent made,
// on the same image layers (mounted before the clock starts), with nothing of ours around it.
import { execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { timed } from './stats';

const run = promisify(execFile);

export async function runcFloor(bundleConfig: string, lowerDirs: string[], workDir: string, iterations: number): Promise<number[]> {
  const config = JSON.parse(await fs.readFile(bundleConfig, 'utf8'));
  const samples: number[] = [];
  const runcRoot = path.join(workDir, 'runc');
  for (let i = 0; i < iterations; i++) {
    const bundle = path.join(workDir, `floor-${i}`);
    const rootfs = path.join(bundle, 'rootfs');
    await Promise.all(['upper', 'work', 'rootfs'].map((d) => fs.mkdir(path.join(bundle, d), { recursive: true })));
    await run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lowerDirs.join(':')},upperdir=${bundle}/upper,workdir=${bundle}/work`, rootfs]);
    const id = `floor-${process.pid}-${i}`;
    const spec = { ...config, linux: { ...config.linux, cgroupsPath: `/stevedore-bench-floor/${id}` } };
    await fs.writeFile(path.join(bundle, 'config.json'), JSON.stringify(spec));
    try {
      // The container inherits runc's stdio, so wait for runc's exit rather than for its pipes to close.
      const [ms] = await timed(() => runcRun(runcRoot, bundle, id));
      samples.push(ms);
    } finally {
      await run('runc', ['--root', runcRoot, 'delete', '--force', id]).catch(() => undefined);
      await run('umount', [rootfs]).catch(() => undefined);
      await fs.rm(bundle, { recursive: true, force: true });
    }
  }
  for (const h of await fs.readdir('/sys/fs/cgroup')) await fs.rmdir(path.join('/sys/fs/cgroup', h, 'stevedore-bench-floor')).catch(() => undefined);
  return samples;
}

function runcRun(root: string, bundle: string, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('runc', ['--root', root, 'run', '--detach', '--bundle', bundle, id], { stdio: 'ignore', cwd: bundle });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`runc run exited with ${code}`))));
  });
}
