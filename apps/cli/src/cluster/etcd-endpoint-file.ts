// Where the embedded etcd can be found from the data dir: its client URL, kept while `up` runs, so
// `stevedore etcd snapshot save` finds it without being told, and its certificates.
import { ignoreMissing } from '@stevedore/files';
import { type EtcdClientTls, etcdPkiFiles } from '@stevedore/pki';
import { promises as fs } from 'fs';
import * as path from 'path';

const FILE = 'etcd.endpoint';

export const writeEtcdEndpoint = (dataDir: string, endpoint: string) => fs.writeFile(path.join(dataDir, FILE), endpoint);
export const removeEtcdEndpoint = (dataDir: string) => fs.rm(path.join(dataDir, FILE), { force: true });

export async function readEtcdEndpoint(dataDir: string): Promise<string | undefined> {
  return (await ignoreMissing(fs.readFile(path.join(dataDir, FILE), 'utf8')))?.trim();
}

/** The embedded etcd's own CA and certificates: beside the cluster's PKI, outside DIR/etcd (a restore replaces that). */
export const embeddedEtcdPkiDir = (dataDir: string) => path.join(dataDir, 'pki', 'etcd');

/** The client certificate `up` gives its control plane. */
export const embeddedEtcdClientTls = (dataDir: string): EtcdClientTls => etcdPkiFiles(embeddedEtcdPkiDir(dataDir)).client;
