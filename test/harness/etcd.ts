// A real etcd for end-to-end tests, on 127.0.0.1 with free ports and a temp data dir; killed by
// PID when the test process exits, whatever happens. It is started by the same code as the
// all-in-one cluster's etcd, so the tests cover that launcher too.

import { startEmbeddedEtcd } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as path from 'path';
import { track } from './processes';
import { makeTempDir } from './temp';

export interface RunningEtcd {
  endpoint: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startEtcd(): Promise<RunningEtcd> {
  const dataDir = await makeTempDir('etcd');
  const etcd = await startEmbeddedEtcd({ dataDir: path.join(dataDir, 'data') }).catch(async (err: unknown) => {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  track(etcd.process);
  return {
    endpoint: etcd.endpoint,
    dataDir,
    pid: etcd.process.pid!,
    async stop() {
      await etcd.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
