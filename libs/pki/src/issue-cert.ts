// Small openssl steps shared by the PKIs that sign with a CA kept in files: a self-signed CA and
// a certificate it signs. Keys are written 0600 through a temp name, so a crash never leaves a
// half-written key behind.

import { writeFileAtomic } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openssl } from './openssl';

export interface CaFiles {
  certFile: string;
  keyFile: string;
}

export interface CertRequest {
  certFile: string;
  keyFile: string;
  /** An openssl -subj string, e.g. `/CN=name`. */
  subject: string;
  /** Lines of an openssl extensions file (subjectAltName, extendedKeyUsage, …). */
  ext: string;
  days?: number;
}

const newKey = () => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);

export async function makeSelfSignedCa(ca: CaFiles, commonName: string): Promise<void> {
  await writeFileAtomic(ca.keyFile, await newKey(), 0o600);
  const cert = await openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    ca.keyFile,
    '-days',
    '3650',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await writeFileAtomic(ca.certFile, cert, 0o644);
}

/** A fresh key and a certificate for it signed by `ca`; the CSR and serial stay in a temp folder. */
export async function issueCert(ca: CaFiles, req: CertRequest): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'stevedore-cert-'));
  try {
    await writeFileAtomic(req.keyFile, await newKey(), 0o600);
    const csr = path.join(work, 'req.csr');
    const ext = path.join(work, 'req.ext');
    await openssl(['req', '-new', '-key', req.keyFile, '-subj', req.subject, '-out', csr]);
    await fs.writeFile(ext, req.ext);
    const cert = await openssl([
      ...['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile],
      ...['-CAserial', path.join(work, 'ca.srl'), '-CAcreateserial', '-days', String(req.days ?? 825), '-extfile', ext],
    ]);
    await writeFileAtomic(req.certFile, cert, 0o644);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
