// `stevedore etcd snapshot save FILE` and `restore FILE`: back up the cluster's state from its
// etcd, and bring a stopped all-in-one cluster back to a saved state. After a restore, `up`
// starts on the saved objects and each node stops the pods the snapshot does not have.

import { pathExists } from '@stevedore/files';
import { addOptions, DATA_DIR_OPTION, optional, readOptions, urlList } from '@stevedore/options';
import type { Command } from 'commander';
import { promises as fs } from 'fs';
import * as path from 'path';
import { readEtcdEndpoint } from './etcd-endpoint-file';
import { recordedProcess } from './pid-file';

const SAVE_OPTIONS = {
  dataDir: DATA_DIR_OPTION,
  /** @default the etcd of the `up` running on DATA_DIR */
  etcdEndpoints: optional({ flag: '--etcd-endpoints <urls>', help: 'etcd to save from (its first URL)', parse: urlList }),
};
const RESTORE_OPTIONS = { dataDir: DATA_DIR_OPTION };

async function endpointOf(dataDir: string, given: string[] | undefined): Promise<string> {
  if (given?.length) return given[0]!;
  const recorded = await readEtcdEndpoint(dataDir);
  if (!recorded) throw new Error(`no etcd is running for ${dataDir} (start it with stevedore up, or give --etcd-endpoints)`);
  return recorded;
}

async function restore(file: string, dataDir: string): Promise<string | undefined> {
  if (await recordedProcess(dataDir))
    throw new Error(`stevedore is running on ${dataDir}: stop it (Ctrl-C or stevedore down) before restoring`);
  if (!(await pathExists(file))) throw new Error(`no snapshot at ${file}`);
  const etcdDir = path.join(dataDir, 'etcd');
  // The current state is kept beside, never deleted: a restore can be undone by moving it back.
  const aside = (await pathExists(etcdDir)) ? `${etcdDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}` : undefined;
  if (aside) await fs.rename(etcdDir, aside);
  try {
    // The store (and its etcd client) is loaded only by the commands that use it.
    const { restoreSnapshot } = await import('@stevedore/store');
    await restoreSnapshot(file, etcdDir);
  } catch (err) {
    if (aside) await fs.rename(aside, etcdDir);
    throw err;
  }
  return aside;
}

export function registerEtcdCommands(program: Command): void {
  const snapshot = program
    .command('etcd')
    .description("the cluster's etcd")
    .command('snapshot')
    .description('back up and restore the cluster state');
  addOptions(snapshot.command('save <file>').description("write a snapshot of the cluster's etcd to FILE"), SAVE_OPTIONS).action(
    async (file: string, _opts: unknown, cmd: Command) => {
      const { dataDir, etcdEndpoints } = readOptions(cmd, SAVE_OPTIONS);
      const { saveSnapshot } = await import('@stevedore/store');
      const { bytes } = await saveSnapshot(await endpointOf(dataDir, etcdEndpoints), file);
      process.stdout.write(`Snapshot saved to ${file} (${bytes} bytes)\n`);
    },
  );
  addOptions(
    snapshot.command('restore <file>').description("replace a stopped all-in-one cluster's state (DATA_DIR/etcd) with a snapshot"),
    RESTORE_OPTIONS,
  ).action(async (file: string, _opts: unknown, cmd: Command) => {
    const { dataDir } = readOptions(cmd, RESTORE_OPTIONS);
    const aside = await restore(path.resolve(file), dataDir);
    if (aside) process.stdout.write(`The previous state is kept in ${aside}\n`);
    process.stdout.write(`Restored ${file} into ${path.join(dataDir, 'etcd')}; start the cluster with stevedore up\n`);
  });
}
