// Runs the real `stevedore agent` (the built CLI) as its own process, as a person would.

import { spawnTracked, stopProcess, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

// The built CLI, whether this file runs from source (under jest) or from dist/ (npm run cluster).
const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(path.basename(ROOT) === 'dist' ? ROOT : path.join(ROOT, 'dist'), 'apps/cli/src/main.js');

export interface AgentProcess {
  pid: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAgentProcess(dataDir: string, cgroupParent: string): Promise<AgentProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run bash scripts/build.sh first (npm test does)`);
  const child = spawnTracked(process.execPath, [CLI, 'agent', '--data-dir', dataDir, '--cgroup-parent', cgroupParent]);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  await waitFor(async () => output.includes('serving on unix:'), {
    what: `the agent to serve (output so far: ${output})`,
    timeoutMs: 20000,
  });
  return {
    pid: child.pid!,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (signal === 'SIGKILL') {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      } else {
        await stopProcess(child);
      }
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `stevedore node --data-dir DIR ARGS…` and returns its exit code and output. */
export function stevedore(dataDir: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, 'node', '--data-dir', dataDir, ...args], { timeout: 120000 }, (err, stdout, stderr) => {
      resolve({
        code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0,
        stdout,
        stderr,
      });
    });
    child.stdin?.end();
  });
}
