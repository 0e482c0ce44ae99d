// The embedded etcd's client URL, kept in the data dir while `up` runs, so
// `stevedore etcd snapshot save` finds it without being told.
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';

const FILE = 'etcd.endpoint';

export const writeEtcdEndpoint = (dataDir: string, endpoint: string) => fs.writeFile(path.join(dataDir, FILE), endpoint);
export const removeEtcdEndpoint = (dataDir: string) => fs.rm(path.join(dataDir, FILE), { force: true });

export async function readEtcdEndpoint(dataDir: string): Promise<string | undefined> {
  return (await ignoreMissing(fs.readFile(path.join(dataDir, FILE), 'utf8')))?.trim();
}
