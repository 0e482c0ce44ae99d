// A real etcd for end-to-end tests, on 127.0.0.1 with free ports and a temp data dir; killed by
// PID when the test process exits, whatever happens.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startEmbeddedEtcd } from '@stevedore/store';
import { track } from './processes';

export interface RunningEtcd {
  endpoint: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEtcd(): Promise<RunningEtcd> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'etcd-'));
  const etcd = await startEmbeddedEtcd({ dataDir: path.join(dataDir, 'data') });
  track(etcd.process);
  return {
    endpoint: etcd.endpoint, dataDir,
    async stop() {
      await etcd.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
