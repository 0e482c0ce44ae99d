// Mutual TLS between etcd and its clients: the flags the embedded etcd runs with, and the
// credentials an etcd3 client (the store, snapshot tools, tests) presents.

import type { EtcdClientTls, EtcdPki } from '@stevedore/pki';
import { promises as fs } from 'fs';
import * as https from 'https';

/** etcd's flags for serving clients and peers over TLS, trusting only certificates of its own CA. */
export function etcdTlsFlags(pki: EtcdPki): string[] {
  return [
    ...['--cert-file', pki.serverCertFile, '--key-file', pki.serverKeyFile],
    ...['--trusted-ca-file', pki.caFile, '--client-cert-auth'],
    ...['--peer-cert-file', pki.peerCertFile, '--peer-key-file', pki.peerKeyFile],
    ...['--peer-trusted-ca-file', pki.caFile, '--peer-client-cert-auth'],
  ];
}

/** What `new Etcd3({ credentials })` takes. */
export interface EtcdCredentials {
  rootCertificate: Buffer;
  privateKey?: Buffer;
  certChain?: Buffer;
}

/**
 * Reads the files of `tls` (any may be unset: no CA means the system's roots, no cert means no
 * client certificate). A file that cannot be read fails here, naming it, not at the first request.
 */
export async function readEtcdCredentials(tls: Partial<EtcdClientTls>): Promise<EtcdCredentials> {
  const read = (what: string, file?: string) =>
    file
      ? fs.readFile(file).catch((err: Error) => {
          throw new Error(`cannot read the etcd ${what} ${file}: ${err.message}`);
        })
      : Promise.resolve(undefined);
  const [ca, cert, key] = await Promise.all([read('CA file', tls.caFile), read('certificate', tls.certFile), read('key', tls.keyFile)]);
  if (!cert !== !key) throw new Error('an etcd client certificate needs both --etcd-certfile and --etcd-keyfile');
  // grpc-js takes a null root certificate as "the system's roots"; etcd3's type says Buffer.
  return { rootCertificate: ca as Buffer, privateKey: key, certChain: cert };
}

/** True when etcd at `endpoint` answers its /health as healthy to our client certificate. */
export function etcdHealthy(endpoint: string, credentials: EtcdCredentials): Promise<boolean> {
  return new Promise((resolve) => {
    https
      .get(
        `${endpoint}/health`,
        { timeout: 1000, ca: credentials.rootCertificate, cert: credentials.certChain, key: credentials.privateKey },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(/"health":\s*"true"/.test(body)));
        },
      )
      .on('error', () => resolve(false))
      .on('timeout', function (this: { destroy(): void }) {
        this.destroy();
      });
  });
}
