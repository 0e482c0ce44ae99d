// What a joining control plane is given: the cluster's shared secrets (its CA and key, the
// ServiceAccount signing keys, the admin, node and join tokens: kubeadm's "control-plane
// certificates"), the etcd CA with a member certificate issued for the joiner's address, and
// where the etcd members serve clients. Files travel as text keyed by their path under DATA_DIR.
import { writeFileAtomic } from '@stevedore/files';
import { ensureEtcdPki, etcdPkiFiles } from '@stevedore/pki';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface JoinBundle {
  /** File contents by path relative to DATA_DIR (pki/ca.crt, pki/etcd/peer.key, …). */
  files: Record<string, string>;
  /** Every etcd member's client URLs. */
  etcdEndpoints: string[];
}

/** Each host serves the API with a certificate for its own address, made when it starts. */
const HOST_OWN = new Set(['apiserver.crt', 'apiserver.key', 'apiserver.csr', 'apiserver.ext', 'ca.srl']);

/** The cluster's shared PKI files from `dataDir`, and an etcd member certificate for `address`. */
export async function readJoinBundle(dataDir: string, address: string, etcdEndpoints: string[]): Promise<JoinBundle> {
  const pkiDir = path.join(dataDir, 'pki');
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(pkiDir, { withFileTypes: true })) {
    if (entry.isFile() && !HOST_OWN.has(entry.name) && !entry.name.startsWith('.'))
      files[`pki/${entry.name}`] = await fs.readFile(path.join(pkiDir, entry.name), 'utf8');
  }
  Object.assign(files, await etcdMemberFiles(path.join(pkiDir, 'etcd'), address));
  return { files, etcdEndpoints };
}

/**
 * The etcd CA (its key too, so the joined host can admit the next one) and serving, peer and
 * client certificates for `address`, issued in a scratch folder that is removed afterwards.
 */
async function etcdMemberFiles(etcdPkiDir: string, address: string): Promise<Record<string, string>> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'stevedore-join-'));
  try {
    for (const name of ['ca.crt', 'ca.key']) await fs.copyFile(path.join(etcdPkiDir, name), path.join(scratch, name));
    const pki = await ensureEtcdPki(scratch, ['127.0.0.1', 'localhost', address]);
    const wanted = [
      pki.caFile,
      path.join(scratch, 'ca.key'),
      pki.serverCertFile,
      pki.serverKeyFile,
      pki.peerCertFile,
      pki.peerKeyFile,
      pki.client.certFile,
      pki.client.keyFile,
    ];
    const out: Record<string, string> = {};
    for (const file of wanted) out[`pki/etcd/${path.basename(file)}`] = await fs.readFile(file, 'utf8');
    return out;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** Writes a bundle under `dataDir`, keys and tokens readable by the owner only; refuses paths outside pki/. */
export async function writeJoinBundle(dataDir: string, bundle: JoinBundle): Promise<void> {
  for (const [relative, text] of Object.entries(bundle.files)) {
    const target = path.resolve(dataDir, relative);
    if (!target.startsWith(path.join(path.resolve(dataDir), 'pki') + path.sep) || relative.includes('..'))
      throw new Error(`the join server sent a file outside pki/: ${relative}`);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFileAtomic(target, text, /\.crt$/.test(target) ? 0o644 : 0o600);
  }
  // The folders may have existed before with wider modes.
  await fs.chmod(path.join(dataDir, 'pki'), 0o700);
  await fs.chmod(etcdPkiFiles(path.join(dataDir, 'pki', 'etcd')).dir, 0o700);
}
