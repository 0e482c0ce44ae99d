// Launches a container under conmon, as CRI-O does: conmon runs `runc create`, then stays as the
// container's parent (outside the agent's process tree) to write the CRI log and the exit file.
// The container therefore keeps running when the agent stops or crashes.
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import type { ContainerPaths } from './container-store';

export interface ConmonOptions {
  conmonPath: string;
  runcPath: string;
  runcRoot: string;
  id: string;
  name: string;
  paths: ContainerPaths;
}

/** Resolves once `runc create` has finished (the container exists, not yet started). */
export async function launchUnderConmon(o: ConmonOptions): Promise<void> {
  await Promise.all([o.paths.exitDir, o.paths.persistDir].map((d) => fs.mkdir(d, { recursive: true })));
  await fs.rm(o.paths.exitFile(o.id), { force: true });
  await fs.rm(o.paths.pidFile, { force: true });
  const args = [
    '--api-version', '1', '-c', o.id, '-u', o.id, '-n', o.name, '-r', o.runcPath, '-b', o.paths.bundle,
    '-p', o.paths.pidFile, '-P', o.paths.conmonPidFile, '-l', `k8s-file:${o.paths.log}`,
    '--exit-dir', o.paths.exitDir, '-0', o.paths.persistDir, '--socket-dir-path', o.paths.persistDir,
    '--runtime-arg', `--root=${o.runcRoot}`, '--log-level', 'error', '--syslog=false',
  ];
  // conmon reports the outcome of `runc create` on the sync pipe (fd 3): {"data": pid} or {"data": -1, "message": …}.
  // Its monitor process keeps the pipe open for the container's lifetime, so we read one line and let go.
  const child = spawn(o.conmonPath, args, {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true, cwd: o.paths.dir, env: { ...process.env, _OCI_SYNCPIPE: '3' },
  });
  const syncPipe = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
  const reply = await new Promise<{ pid?: number; message?: string }>((resolve, reject) => {
    let sync = '';
    const timer = setTimeout(() => reject(new Error('container create failed: conmon did not report within 30 s')), 30000);
    const finish = (value: { pid?: number; message?: string }) => {
      clearTimeout(timer);
      resolve(value);
    };
    syncPipe.on('data', (d) => {
      sync += d;
      if (sync.includes('\n')) finish(parseSync(sync));
    });
    syncPipe.on('end', () => finish(parseSync(sync)));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  syncPipe.destroy();
  child.unref();
  if (reply.pid === undefined || reply.pid <= 0) {
    const reason = reply.message ?? (await runtimeError(o.paths));
    throw new Error(`container create failed: ${reason || 'conmon gave no reason'}`);
  }
}

function parseSync(text: string): { pid?: number; message?: string } {
  for (const line of text.split('\n').filter(Boolean)) {
    try {
      const msg = JSON.parse(line) as { data?: number; pid?: number; message?: string };
      return { pid: msg.data ?? msg.pid, message: msg.message };
    } catch {
      // Not JSON: ignore and keep looking.
    }
  }
  return {};
}

/** conmon records runc's own error in the log; the last line says why create failed. */
async function runtimeError(paths: ContainerPaths): Promise<string> {
  const log = await fs.readFile(paths.log, 'utf8').catch(() => '');
  return log.trim().split('\n').pop()?.replace(/^\S+ (stdout|stderr) [FP] /, '') ?? '';
}
