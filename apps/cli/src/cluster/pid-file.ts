// The PID file a running `up` or `agent` keeps in its data dir, so `stevedore down` can stop it.
// It records the process's start time too: a PID reused by another program since is not ours.
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';

const PID_FILE = 'stevedore.pid';

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
async function startTicks(pid: number): Promise<string | undefined> {
  const stat = await ignoreMissing(fs.readFile(`/proc/${pid}/stat`, 'utf8'));
  // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

export async function writePidFile(dataDir: string): Promise<void> {
  await fs.writeFile(path.join(dataDir, PID_FILE), JSON.stringify({ pid: process.pid, started: await startTicks(process.pid) }));
}

export async function removePidFile(dataDir: string): Promise<void> {
  await fs.rm(path.join(dataDir, PID_FILE), { force: true });
}

/** The recorded process, if it is still running. */
export async function recordedProcess(dataDir: string): Promise<number | undefined> {
  const text = await ignoreMissing(fs.readFile(path.join(dataDir, PID_FILE), 'utf8'));
  if (!text) return undefined;
  const { pid, started } = JSON.parse(text) as { pid: number; started?: string };
  return started && (await startTicks(pid)) === started ? pid : undefined;
}
