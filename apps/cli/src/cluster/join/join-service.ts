// The join service of a control-plane host whose etcd member serves on a host address: started
// beside the API, it admits further control-plane hosts. Its token lives in DATA_DIR/pki, which
// joined hosts are given, so any control plane can admit the next one.
import { logger } from '@stevedore/log';
import { type EtcdClientTls, ensureToken } from '@stevedore/pki';
import { listMembers } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as path from 'path';
import { caCertHash } from './ca-hash';
import { startJoinServer, type WorkerCredentials } from './join-server';

/** What the printed join command carries. */
export interface JoinInfo {
  server: string;
  token: string;
  caCertHash: string;
}

/** Both printed commands: a control plane's token, and a worker's. */
export interface JoinService extends JoinInfo {
  workerToken: string;
  close(): Promise<void>;
}

export async function startJoinService(opts: {
  dataDir: string;
  address: string;
  port: number;
  caCert: string;
  etcdEndpoints: string[];
  etcdTls: EtcdClientTls;
  admitWorker(name: string): Promise<WorkerCredentials>;
}): Promise<JoinService> {
  const pkiDir = path.join(opts.dataDir, 'pki');
  const token = await ensureToken(path.join(pkiDir, 'join.token'));
  const workerToken = await ensureToken(path.join(pkiDir, 'worker-join.token'));
  const server = await startJoinServer({
    dataDir: opts.dataDir,
    address: opts.address,
    port: opts.port,
    caCert: opts.caCert,
    // The API's serving certificate names this host's address, which the joiner dials.
    cert: await fs.readFile(path.join(pkiDir, 'apiserver.crt'), 'utf8'),
    key: await fs.readFile(path.join(pkiDir, 'apiserver.key'), 'utf8'),
    token,
    worker: { token: workerToken, admit: opts.admitWorker },
    etcdEndpoints: async () => (await listMembers(opts.etcdEndpoints, opts.etcdTls)).flatMap((m) => m.clientUrls),
    log: logger('join'),
  });
  return { server: server.address, token, workerToken, caCertHash: caCertHash(opts.caCert), close: () => server.close() };
}
