// Memory footprint: resident set sizes read from /proc, of the control plane under load and of a
// node agent doing nothing.

import { makeTempDir, track } from '@stevedore/testing';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { removeCgroupParent } from './cleanup';
import { cleanupOnInterrupt } from './interrupt';

const CLI = path.resolve(__dirname, '../apps/cli/src/main.js');

export async function rssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** RSS of a standalone `stevedore agent` 5 s after it started serving. */
export async function idleAgentRssMb(): Promise<number> {
  const dir = await makeTempDir('bench-idle-agent');
  const cgroupParent = `stevedore-bench-idle-${process.pid}`;
  const child = track(
    spawn(process.execPath, [CLI, 'agent', '--data-dir', dir, '--cgroup-parent', cgroupParent], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    await removeCgroupParent(cgroupParent);
    await fs.rm(dir, { recursive: true, force: true });
  };
  const release = cleanupOnInterrupt(cleanup);
  try {
    let output = '';
    // The agent's log (where it says it serves) is on stderr; its greeting on stdout.
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 30_000;
    while (!output.includes('serving on unix:')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the idle agent did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
    return await rssMb(child.pid!);
  } finally {
    release();
    await cleanup();
  }
}
