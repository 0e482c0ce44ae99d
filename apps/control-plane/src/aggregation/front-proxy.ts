// The front proxy's credentials: the client certificate the control plane presents to aggregated
// API servers and the CA that signed it (which backends, and this API server, trust for
// X-Remote-* headers). Made in the data dir unless the user gives their own with kube-apiserver's
// flags, which then go together.
import { logger } from '@stevedore/log';
import { ensureFrontProxyPki } from '@stevedore/pki';
import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import type { ControlPlaneConfig } from '../config';

export interface FrontProxy {
  /** PEM: the client certificate and key presented to backends, and the CA that signed it. */
  clientCert: string;
  clientKey: string;
  caCert: string;
  /** Common names a front-proxy certificate may have; empty: any the CA signed. */
  allowedNames: string[];
}

type FrontProxyFlags = Pick<
  ControlPlaneConfig,
  'proxyClientCertFile' | 'proxyClientKeyFile' | 'requestheaderClientCaFile' | 'requestheaderAllowedNames'
>;

const FLAGS = ['--proxy-client-cert-file', '--proxy-client-key-file', '--requestheader-client-ca-file'];

/** The user's three files, undefined when none is given; an error when only some are. */
export function userFiles(config: FrontProxyFlags): { cert: string; key: string; ca: string } | undefined {
  const given = [config.proxyClientCertFile, config.proxyClientKeyFile, config.requestheaderClientCaFile];
  if (given.every((f) => !f)) return undefined;
  if (given.some((f) => !f)) throw new Error(`${FLAGS.join(', ')} go together: give all three or none`);
  return { cert: given[0]!, key: given[1]!, ca: given[2]! };
}

/** Loads (or makes, in `pkiDir`) the front proxy's certificate, key and CA. */
export async function loadFrontProxy(config: FrontProxyFlags, pkiDir: string): Promise<FrontProxy> {
  const made = async () => {
    const pki = await ensureFrontProxyPki(pkiDir);
    return { cert: pki.certFile, key: pki.keyFile, ca: pki.caFile };
  };
  const files = userFiles(config) ?? (await made());
  const read = (f: string) => fs.readFile(f, 'utf8');
  const proxy = {
    clientCert: await read(files.cert),
    clientKey: await read(files.key),
    caCert: await read(files.ca),
    allowedNames: config.requestheaderAllowedNames,
  };
  // Backends would refuse every proxied request: say so once, at start, rather than per request.
  if (!new X509Certificate(proxy.clientCert).verify(new X509Certificate(proxy.caCert).publicKey)) {
    logger('aggregator').warn(`${files.cert} is not signed by ${files.ca}: aggregated API servers will not trust the front proxy`);
  }
  return proxy;
}
