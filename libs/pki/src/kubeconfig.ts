import { writeFileAtomic } from '@stevedore/files';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  caCert: string;
  /** A bearer token, or else a client certificate and its key (PEM). */
  token?: string;
  clientCert?: string;
  clientKey?: string;
  cluster?: string;
  user?: string;
}

function credentials(opts: KubeconfigOptions): Record<string, string> {
  if (opts.token) return { token: opts.token };
  const b64 = (pem?: string) => Buffer.from(pem ?? '').toString('base64');
  return { 'client-certificate-data': b64(opts.clientCert), 'client-key-data': b64(opts.clientKey) };
}

/** A kubeconfig for kubectl and client libraries: the cluster CA inline and a bearer token or a client certificate. */
export function kubeconfig(opts: KubeconfigOptions): string {
  const cluster = opts.cluster ?? 'stevedore';
  const user = opts.user ?? 'admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: cluster, cluster: { server: opts.server, 'certificate-authority-data': Buffer.from(opts.caCert).toString('base64') } },
    ],
    users: [{ name: user, user: credentials(opts) }],
    contexts: [{ name: cluster, context: { cluster, user, namespace: 'default' } }],
    'current-context': cluster,
    preferences: {},
  });
}

export async function writeKubeconfig(file: string, opts: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(file, kubeconfig(opts), 0o600);
}
