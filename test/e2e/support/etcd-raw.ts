// Reads what a cluster's embedded etcd holds under a key, bypassing the control plane: how a
// test sees the bytes at rest. The only place tests learn how to reach that etcd (its client
// URL is in DATA_DIR/etcd.endpoint while `up` runs; it takes only the client certificate `up`
// keeps under DATA_DIR/pki/etcd).
import { etcdPkiFiles } from '@stevedore/pki';
import { readEtcdCredentials } from '@stevedore/store';
import { Etcd3 } from 'etcd3';
import { promises as fs } from 'fs';
import * as path from 'path';

/** The control plane stores every object under this etcd prefix (EtcdStore's default). */
const STORE_PREFIX = '/stevedore';

/** The stored value of an API key such as /secrets/default/s, as text; undefined when absent. */
export async function readStoredValue(dataDir: string, key: string): Promise<string | undefined> {
  const endpoint = (await fs.readFile(path.join(dataDir, 'etcd.endpoint'), 'utf8')).trim();
  const credentials = await readEtcdCredentials(etcdPkiFiles(path.join(dataDir, 'pki', 'etcd')).client);
  const client = new Etcd3({ hosts: [endpoint], credentials });
  try {
    return (await client.get(`${STORE_PREFIX}${key}`).string()) ?? undefined;
  } finally {
    client.close();
  }
}
