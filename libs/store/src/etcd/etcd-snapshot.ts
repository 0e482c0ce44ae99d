// Backups of the cluster's state: etcd's own snapshot (`etcdctl snapshot save`, from Debian's
// etcd-client) of a running etcd, and restoring one into a fresh data dir for the embedded etcd
// (`etcdctl snapshot restore`), so `up` starts again on exactly the saved objects.
import { pathExists } from '@stevedore/files';
import type { EtcdClientTls } from '@stevedore/pki';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
const ETCDCTL = { ...process.env, ETCDCTL_API: '3' };

/** The name and peer address the embedded etcd runs with (its data dir records its membership). */
export const EMBEDDED_MEMBER = { name: 'stevedore', peerUrl: 'https://127.0.0.1:2380' };

function failure(what: string, err: unknown): Error {
  const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
  return new Error(`${what}: ${detail}`);
}

/** etcdctl's flags for `tls`; the ones left unset are not passed. */
function tlsArgs(tls: Partial<EtcdClientTls>): string[] {
  const pairs: [string, string | undefined][] = [
    ['--cacert', tls.caFile],
    ['--cert', tls.certFile],
    ['--key', tls.keyFile],
  ];
  return pairs.flatMap(([flag, file]) => (file ? [flag, file] : []));
}

export async function saveSnapshot(endpoint: string, file: string, tls: Partial<EtcdClientTls> = {}): Promise<{ bytes: number }> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await run('etcdctl', ['--endpoints', endpoint, ...tlsArgs(tls), 'snapshot', 'save', file], { env: ETCDCTL }).catch((err) => {
    throw failure(`cannot save a snapshot of ${endpoint}`, err);
  });
  return { bytes: (await fs.stat(file)).size };
}

/**
 * Restores into `dataDir`, which must not exist yet (etcdctl refuses to overwrite one): the
 * caller moves the current one aside first. The snapshot's integrity hash is checked by etcdctl.
 */
export async function restoreSnapshot(file: string, dataDir: string): Promise<void> {
  if (await pathExists(dataDir)) throw new Error(`${dataDir} already exists; move it aside before restoring`);
  const args = ['snapshot', 'restore', file, '--data-dir', dataDir, '--name', EMBEDDED_MEMBER.name];
  const member = [
    `--initial-cluster`,
    `${EMBEDDED_MEMBER.name}=${EMBEDDED_MEMBER.peerUrl}`,
    '--initial-advertise-peer-urls',
    EMBEDDED_MEMBER.peerUrl,
  ];
  await run('etcdctl', [...args, ...member], { env: ETCDCTL }).catch((err) => {
    throw failure(`cannot restore ${file}`, err);
  });
  await fs.chmod(dataDir, 0o700);
}
