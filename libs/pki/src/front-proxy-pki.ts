// The front-proxy CA, apart from the cluster CA as kube-apiserver keeps it: its one client
// certificate (CN front-proxy-client) is what the control plane presents to aggregated API
// servers, which trust X-Remote-User only over a connection made with it. A certificate of this
// CA must never pass for a user in its own right, so it is not the cluster CA. Made once, reused.

import { promises as fs } from 'fs';
import * as path from 'path';
import { issueCert, makeSelfSignedCa } from './issue-cert';

/** The common name aggregated API servers expect of the front proxy (kubeadm's). */
export const FRONT_PROXY_CLIENT_NAME = 'front-proxy-client';

export interface FrontProxyPki {
  caFile: string;
  certFile: string;
  keyFile: string;
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

const CLIENT_EXT = 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n';

/** Where ensureFrontProxyPki keeps each file in `dir` (kubeadm's names). */
export function frontProxyPkiFiles(dir: string): FrontProxyPki {
  return {
    caFile: path.join(dir, 'front-proxy-ca.crt'),
    certFile: path.join(dir, 'front-proxy-client.crt'),
    keyFile: path.join(dir, 'front-proxy-client.key'),
  };
}

/** Loads the front-proxy CA and client certificate in `dir`, creating what is missing (a new CA reissues the client's). */
export async function ensureFrontProxyPki(dir: string): Promise<FrontProxyPki> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const pki = frontProxyPkiFiles(dir);
  const ca = { certFile: pki.caFile, keyFile: path.join(dir, 'front-proxy-ca.key') };
  const freshCa = !(await exists(ca.certFile)) || !(await exists(ca.keyFile));
  if (freshCa) await makeSelfSignedCa(ca, 'front-proxy-ca');
  if (freshCa || !(await exists(pki.certFile)) || !(await exists(pki.keyFile))) {
    await issueCert(ca, { certFile: pki.certFile, keyFile: pki.keyFile, subject: `/CN=${FRONT_PROXY_CLIENT_NAME}`, ext: CLIENT_EXT });
  }
  return pki;
}
