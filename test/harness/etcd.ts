// A real etcd for end-to-end tests, on 127.0.0.1 with free ports and a temp data dir; killed by
// PID when the test process exits, whatever happens. It is started by the same code as the
// all-in-one cluster's etcd, so the tests cover that launcher too (and its mutual TLS).

import type { EtcdClientTls } from '@stevedore/pki';
import { type EtcdCredentials, readEtcdCredentials, startEmbeddedEtcd } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';
import { track } from './processes';
import { makeTempDir } from './temp';

export interface RunningEtcd {
  /** https://127.0.0.1:PORT; etcd answers only to the client certificate in `tls`. */
  endpoint: string;
  tls: EtcdClientTls;
  dataDir: string;
  pid: number;
  /** `tls` read, for `new Etcd3({ hosts, credentials })`. */
  credentials(): Promise<EtcdCredentials>;
  /** The `stevedore control-plane` flags that reach this etcd. */
  flags(): string[];
  /** GET of an etcd HTTP path (/metrics, /version) with the client certificate; the body. */
  get(urlPath: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startEtcd(): Promise<RunningEtcd> {
  const dataDir = await makeTempDir('etcd');
  const etcd = await startEmbeddedEtcd({ dataDir: path.join(dataDir, 'data'), pkiDir: path.join(dataDir, 'pki') }).catch(
    async (err: unknown) => {
      await fs.rm(dataDir, { recursive: true, force: true });
      throw err;
    },
  );
  track(etcd.process);
  return {
    endpoint: etcd.endpoint,
    tls: etcd.tls,
    dataDir,
    pid: etcd.process.pid!,
    credentials: () => readEtcdCredentials(etcd.tls),
    flags: () => [
      ...['--etcd-endpoints', etcd.endpoint, '--etcd-cafile', etcd.tls.caFile],
      ...['--etcd-certfile', etcd.tls.certFile, '--etcd-keyfile', etcd.tls.keyFile],
    ],
    get: async (urlPath) => httpsGet(`${etcd.endpoint}${urlPath}`, await readEtcdCredentials(etcd.tls)),
    async stop() {
      await etcd.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

function httpsGet(url: string, credentials: EtcdCredentials): Promise<string> {
  const { rootCertificate: ca, certChain: cert, privateKey: key } = credentials;
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, cert, key, timeout: 10_000 }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${url}: ${res.statusCode} ${body}`))));
      })
      .on('error', reject);
  });
}
