// Launches a container under conmon, as CRI-O does: conmon runs `runc create`, then stays as the
// container's parent (outside the agent's process tree) to write the CRI log and the exit file.
// The container therefore keeps running when the agent stops or crashes.

import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import { spawner } from '../spawn/spawner';
import type { ContainerPaths } from './container-store';

export interface ConmonOptions {
  conmonPath: string;
  runcPath: string;
  runcRoot: string;
  id: string;
  name: string;
  paths: ContainerPaths;
  /** The container's process has a console (conmon receives it from runc and serves `attach`). */
  terminal?: boolean;
  /** Keep a stdin for `attach`; `leaveStdinOpen` keeps it open when an attached client leaves. */
  stdin?: boolean;
  leaveStdinOpen?: boolean;
}

/** Resolves with the container's pid once `runc create` has finished (the container exists, not yet started). */
export async function launchUnderConmon(o: ConmonOptions): Promise<number> {
  await Promise.all([o.paths.exitDir, o.paths.persistDir].map((d) => fs.mkdir(d, { recursive: true })));
  await fs.rm(o.paths.exitFile(o.id), { force: true });
  await fs.rm(o.paths.pidFile, { force: true });
  const args = [
    '--api-version',
    '1',
    '-c',
    o.id,
    '-u',
    o.id,
    '-n',
    o.name,
    '-r',
    o.runcPath,
    '-b',
    o.paths.bundle,
    '-p',
    o.paths.pidFile,
    '-P',
    o.paths.conmonPidFile,
    '-l',
    `k8s-file:${o.paths.log}`,
    '--exit-dir',
    o.paths.exitDir,
    '-0',
    o.paths.persistDir,
    '--socket-dir-path',
    o.paths.persistDir,
    '--runtime-arg',
    `--root=${o.runcRoot}`,
    '--log-level',
    'error',
    '--syslog=false',
    ...(o.terminal ? ['--terminal'] : []),
    ...(o.stdin ? ['--stdin'] : []),
    ...(o.stdin && o.leaveStdinOpen ? ['--leave-stdin-open'] : []),
  ];
  // conmon reports the outcome of `runc create` on the sync pipe (fd 3): {"data": pid} or {"data": -1, "message": …}.
  // Its monitor process keeps the pipe open for the container's lifetime, so we read one line and let go.
  const sync = await spawner.runWithSyncPipe({
    file: o.conmonPath,
    args,
    cwd: o.paths.dir,
    env: { ...process.env, _OCI_SYNCPIPE: '3' },
    timeoutMs: 30000,
  });
  if (sync.error && !sync.text) throw new Error(`container create failed: conmon: ${sync.error}`);
  const reply = parseSync(sync.text);
  if (reply.pid === undefined || reply.pid <= 0) {
    const reason = reply.message ?? (await runtimeError(o.paths));
    throw new Error(`container create failed: ${reason || 'conmon gave no reason'}`);
  }
  return reply.pid;
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
  // The log only explains the failure: an unreadable one is mentioned, not thrown in its place.
  const log = await ignoreMissing(fs.readFile(paths.log, 'utf8')).then(
    (text) => text ?? '',
    (err: Error) => `(cannot read the conmon log: ${err.message})`,
  );
  return (
    log
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^\S+ (stdout|stderr) [FP] /, '') ?? ''
  );
}
