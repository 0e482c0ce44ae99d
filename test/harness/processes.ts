// Child processes started by tests, tracked so that none outlives the test run: each is killed
// by its PID (never by name) when the test process exits, even after a crash.
import { type ChildProcess, type SpawnOptions, spawn } from 'child_process';

const tracked = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of tracked) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
});

export function spawnTracked(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  return track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts }));
}

/** Tracks a child started elsewhere, so it too is killed if the test process exits. */
export function track(child: ChildProcess): ChildProcess {
  tracked.add(child);
  child.on('exit', () => tracked.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  throw new Error(
    `timed out after ${opts.timeoutMs ?? 15000} ms waiting for ${opts.what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
  );
}
