// Client certificates for users, signed by the cluster CA: the API takes the subject's CN as the
// user name and each O as a group, as kube-apiserver does. Keys are made fresh and never stored.
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { openssl } from './openssl';

export interface ClientCertRequest {
  user: string;
  groups: string[];
  /** Lifetime; openssl signs whole days, so it is rounded up to the next day. */
  expiresSeconds: number;
}

/** Characters that would change the meaning of an openssl -subj string. */
const UNSAFE = /[/+=,\\\n"]/;

export function subjectProblem(user: string, groups: string[]): string | undefined {
  if (!user) return 'a user name is required';
  for (const name of [user, ...groups]) if (UNSAFE.test(name)) return `"${name}" may not contain / + = , \\ or quotes`;
  return undefined;
}

export async function issueClientCert(pkiDir: string, req: ClientCertRequest): Promise<{ cert: string; key: string }> {
  const problem = subjectProblem(req.user, req.groups);
  if (problem) throw new Error(problem);
  const work = await fs.mkdtemp(path.join(tmpdir(), 'stevedore-user-'));
  try {
    const keyPath = path.join(work, 'user.key');
    const key = await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    await fs.writeFile(keyPath, key, { mode: 0o600 });
    const subject = `/CN=${req.user}${req.groups.map((g) => `/O=${g}`).join('')}`;
    const csrPath = path.join(work, 'user.csr');
    await openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-out', csrPath]);
    const extPath = path.join(work, 'user.ext');
    await fs.writeFile(extPath, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
    const days = String(Math.max(1, Math.ceil(req.expiresSeconds / 86400)));
    const cert = await openssl([
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      path.join(pkiDir, 'ca.crt'),
      '-CAkey',
      path.join(pkiDir, 'ca.key'),
      '-CAserial',
      path.join(work, 'ca.srl'),
      '-CAcreateserial',
      '-days',
      days,
      '-extfile',
      extPath,
    ]);
    return { cert, key };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
