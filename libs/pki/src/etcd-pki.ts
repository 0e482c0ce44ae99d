// The embedded etcd's own PKI, apart from the cluster CA: a certificate signed by the cluster CA
// (a user's, say) must not open the store. One CA signs etcd's serving and peer certificates and
// the one client certificate the control plane presents. Made once, reused afterwards; keys 0600
// in a 0700 folder, so only root (the user running `up`) can read them.

import { promises as fs } from 'fs';
import * as path from 'path';
import { certCoversHosts } from './cluster-pki';
import { type CertRequest, issueCert, makeSelfSignedCa } from './issue-cert';

/** What a client needs to reach an etcd that requires client certificates. */
export interface EtcdClientTls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface EtcdPki {
  dir: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  peerCertFile: string;
  peerKeyFile: string;
  /** The control plane's (and the CLI's) client certificate. */
  client: EtcdClientTls;
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

// etcd 3.4's gRPC gateway dials etcd itself with the serving certificate, so it needs clientAuth
// too; peers authenticate each other both ways.
const SERVER_EXT = 'extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
const CLIENT_EXT = 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n';

function subjectAltNames(hosts: string[]): string {
  return hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
}

/** Where ensureEtcdPki keeps each file in `dir` (for readers that must not create anything). */
export function etcdPkiFiles(dir: string): EtcdPki {
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    caFile: file('ca.crt'),
    serverCertFile: file('server.crt'),
    serverKeyFile: file('server.key'),
    peerCertFile: file('peer.crt'),
    peerKeyFile: file('peer.key'),
    client: { caFile: file('ca.crt'), certFile: file('apiserver-etcd-client.crt'), keyFile: file('apiserver-etcd-client.key') },
  };
}

/**
 * Loads the etcd PKI in `dir`, creating whatever is missing. A new CA reissues every certificate
 * (the old ones would not verify against it).
 */
export async function ensureEtcdPki(dir: string, hosts: string[] = ['127.0.0.1', 'localhost']): Promise<EtcdPki> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder's mode alone: tighten one made by an older version or by hand.
  await fs.chmod(dir, 0o700);
  const pki = etcdPkiFiles(dir);
  const caKey = path.join(dir, 'ca.key');
  const ca = { certFile: pki.caFile, keyFile: caKey };
  const freshCa = !(await exists(pki.caFile)) || !(await exists(caKey));
  if (freshCa) await makeSelfSignedCa(ca, 'stevedore-etcd-ca');
  const san = `subjectAltName=${subjectAltNames(hosts)}\n`;
  const wanted: (CertRequest & { hosts?: string[] })[] = [
    { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, subject: '/CN=stevedore-etcd-server', ext: san + SERVER_EXT, hosts },
    { certFile: pki.peerCertFile, keyFile: pki.peerKeyFile, subject: '/CN=stevedore-etcd-peer', ext: san + SERVER_EXT, hosts },
    {
      certFile: pki.client.certFile,
      keyFile: pki.client.keyFile,
      subject: '/O=system:masters/CN=stevedore-apiserver-etcd-client',
      ext: CLIENT_EXT,
    },
  ];
  for (const cert of wanted) {
    const missing = freshCa || !(await exists(cert.certFile)) || !(await exists(cert.keyFile));
    // A member moved onto a host address needs serving and peer certificates that name it.
    if (missing || (cert.hosts && !(await certCoversHosts(cert.certFile, cert.hosts)))) await issueCert(ca, cert);
  }
  return pki;
}
