import { writeFileAtomic } from '@stevedore/files';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  caCert: string;
  token: string;
  cluster?: string;
  user?: string;
}

/** A kubeconfig for kubectl and client libraries: the cluster CA inline and a bearer token. */
export function kubeconfig(opts: KubeconfigOptions): string {
  const cluster = opts.cluster ?? 'stevedore';
  const user = opts.user ?? 'admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: cluster, cluster: { server: opts.server, 'certificate-authority-data': Buffer.from(opts.caCert).toString('base64') } },
    ],
    users: [{ name: user, user: { token: opts.token } }],
    contexts: [{ name: cluster, context: { cluster, user, namespace: 'default' } }],
    'current-context': cluster,
    preferences: {},
  });
}

export async function writeKubeconfig(file: string, opts: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(file, kubeconfig(opts), 0o600);
}
