// `stevedore down`: stops a node (an all-in-one `up` or an `agent`) and removes everything it
// made on the host; `--purge` also deletes its data dir. Works on a running node (it is stopped
// first) and after a crash, and says what it removed.
import { type TeardownReport, tearDownNode } from '@stevedore/agent';
import { ignoreGone, pathExists } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import { stopStaleRegistry } from '@stevedore/registry';
import { stopStaleEtcd } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as path from 'path';
import { recordedProcess, removePidFile } from './pid-file';

/** Stops the running `up` or `agent` of the data dir (it stops its etcd and registry itself); its PID if there was one. */
async function stopRecorded(dataDir: string): Promise<number | undefined> {
  const pid = await recordedProcess(dataDir);
  if (!pid || !ignoreGone(() => process.kill(pid, 'SIGTERM'))) return undefined;
  for (let i = 0; i < 300 && (await pathExists(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
  ignoreGone(() => process.kill(pid, 'SIGKILL'));
  await removePidFile(dataDir);
  return pid;
}

export async function down(dataDir: string, purge: boolean, log: Logger): Promise<TeardownReport> {
  const allInOne = await pathExists(path.join(dataDir, 'agent'));
  const removed: string[] = [];
  const stopped = await stopRecorded(dataDir);
  if (stopped) removed.push(`process ${allInOne ? 'stevedore up' : 'stevedore agent'} (pid ${stopped})`);
  if (allInOne) {
    await stopStaleEtcd(path.join(dataDir, 'etcd.pid'), path.join(dataDir, 'etcd'));
    if (await stopStaleRegistry(path.join(dataDir, 'registry'))) removed.push('process docker-registry');
  }
  const report = await tearDownNode(allInOne ? path.join(dataDir, 'agent') : dataDir, log);
  if (purge && (await pathExists(dataDir))) {
    await fs.rm(dataDir, { recursive: true, force: true });
    report.removed.push(`data directory ${dataDir}`);
  }
  return { removed: [...removed, ...report.removed], failures: report.failures };
}
