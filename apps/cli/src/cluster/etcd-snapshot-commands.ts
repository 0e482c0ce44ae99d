// `stevedore etcd snapshot save FILE` and `restore FILE`: back up the cluster's state from its
// etcd, and bring a stopped all-in-one cluster back to a saved state. After a restore, `up`
// starts on the saved objects and each node stops the pods the snapshot does not have.

import { CONTROL_PLANE_OPTIONS } from '@stevedore/control-plane';
import { pathExists } from '@stevedore/files';
import { addOptions, DATA_DIR_OPTION, type OptionValues, optional, readOptions, urlList, withHelp } from '@stevedore/options';
import type { EtcdClientTls } from '@stevedore/pki';
import type { Command } from 'commander';
import { promises as fs } from 'fs';
import * as path from 'path';
import { embeddedEtcdClientTls, readEtcdEndpoint } from './etcd-endpoint-file';
import { recordedProcess } from './pid-file';

const SAVE_OPTIONS = {
  dataDir: DATA_DIR_OPTION,
  /** @default the etcd of the `up` running on DATA_DIR */
  etcdEndpoints: optional({ flag: '--etcd-endpoints <urls>', help: 'etcd to save from (its first URL)', parse: urlList }),
  /** @default the embedded etcd's, DATA_DIR/pki/etcd, when saving from it */
  etcdCafile: withHelp(CONTROL_PLANE_OPTIONS.etcdCafile, "CA that signed etcd's serving certificate", "the embedded etcd's"),
  etcdCertfile: withHelp(CONTROL_PLANE_OPTIONS.etcdCertfile, 'client certificate to present to etcd', "the embedded etcd's"),
  etcdKeyfile: withHelp(CONTROL_PLANE_OPTIONS.etcdKeyfile, 'key of --etcd-certfile', "the embedded etcd's"),
};
const RESTORE_OPTIONS = { dataDir: DATA_DIR_OPTION };

/** The etcd to save from and how to authenticate to it: as told, else the embedded etcd of DATA_DIR with its client certificate. */
async function sourceOf(opts: OptionValues<typeof SAVE_OPTIONS>): Promise<{ endpoint: string; tls: Partial<EtcdClientTls> }> {
  const told = { caFile: opts.etcdCafile, certFile: opts.etcdCertfile, keyFile: opts.etcdKeyfile };
  const tlsTold = Object.values(told).some(Boolean);
  if (opts.etcdEndpoints?.length) return { endpoint: opts.etcdEndpoints[0]!, tls: told };
  const recorded = await readEtcdEndpoint(opts.dataDir);
  if (!recorded) throw new Error(`no etcd is running for ${opts.dataDir} (start it with stevedore up, or give --etcd-endpoints)`);
  return { endpoint: recorded, tls: tlsTold ? told : embeddedEtcdClientTls(opts.dataDir) };
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
      const { saveSnapshot } = await import('@stevedore/store');
      const { endpoint, tls } = await sourceOf(readOptions(cmd, SAVE_OPTIONS));
      const { bytes } = await saveSnapshot(endpoint, file, tls);
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
