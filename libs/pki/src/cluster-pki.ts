// The cluster's certificate authority and the API server's serving certificate, made on first
// start and reused afterwards. Files are written to temp names and renamed, so a crash never
// leaves a half-written key behind.

import { writeFileAtomic } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import { openssl } from './openssl';

export interface ClusterPki {
  caCertPath: string;
  caKeyPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

async function makeCa(dir: string): Promise<void> {
  const key = await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  await writeFileAtomic(path.join(dir, 'ca.key'), key, 0o600);
  const cert = await openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    path.join(dir, 'ca.key'),
    '-days',
    '3650',
    '-subj',
    '/CN=stevedore-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await writeFileAtomic(path.join(dir, 'ca.crt'), cert, 0o644);
}

function subjectAltNames(hosts: string[]): string {
  return hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
}

async function makeServerCert(dir: string, hosts: string[]): Promise<void> {
  const keyPath = path.join(dir, 'apiserver.key');
  await writeFileAtomic(keyPath, await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']), 0o600);
  const csrPath = path.join(dir, 'apiserver.csr');
  await openssl(['req', '-new', '-key', keyPath, '-subj', '/CN=stevedore-apiserver', '-out', csrPath]);
  const extPath = path.join(dir, 'apiserver.ext');
  await fs.writeFile(
    extPath,
    `subjectAltName=${subjectAltNames(hosts)}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`,
  );
  const cert = await openssl([
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    path.join(dir, 'ca.crt'),
    '-CAkey',
    path.join(dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '825',
    '-extfile',
    extPath,
  ]);
  await writeFileAtomic(path.join(dir, 'apiserver.crt'), cert, 0o644);
  await Promise.all([fs.rm(csrPath, { force: true }), fs.rm(extPath, { force: true })]);
}

/** True when the certificate's subjectAltName names every one of `hosts`. */
export async function certCoversHosts(certPath: string, hosts: string[]): Promise<boolean> {
  const text = await openssl(['x509', '-in', certPath, '-noout', '-ext', 'subjectAltName']);
  return hosts.every((h) => text.includes(/^[\d.]+$|:/.test(h) ? `IP Address:${h}` : `DNS:${h}`));
}

/** Loads the PKI in `dir`, creating the CA once and (re)issuing the serving cert when hosts change. */
export async function ensureClusterPki(dir: string, hosts: string[] = ['127.0.0.1', 'localhost']): Promise<ClusterPki> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await exists(path.join(dir, 'ca.crt'))) || !(await exists(path.join(dir, 'ca.key')))) await makeCa(dir);
  const serverCertPath = path.join(dir, 'apiserver.crt');
  if (!(await exists(serverCertPath)) || !(await certCoversHosts(serverCertPath, hosts))) await makeServerCert(dir, hosts);
  const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
  return {
    caCertPath: path.join(dir, 'ca.crt'),
    caKeyPath: path.join(dir, 'ca.key'),
    serverCertPath,
    serverKeyPath: path.join(dir, 'apiserver.key'),
    caCert: await read('ca.crt'),
    serverCert: await read('apiserver.crt'),
    serverKey: await read('apiserver.key'),
  };
}
