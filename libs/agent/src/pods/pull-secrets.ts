// Registry credentials from a pod's imagePullSecrets, as the kubelet reads them: Secrets of type
// kubernetes.io/dockerconfigjson (`.dockerconfigjson`, {"auths": {...}}) or the older
// kubernetes.io/dockercfg (`.dockercfg`). A missing Secret is skipped, as Kubernetes skips it:
// the pull then goes without those credentials and the registry's answer says why it failed.
import type { Credentials } from '@stevedore/oci';
import type { ConfigSource } from './env';
import type { Obj } from './pod-status';

type AuthEntry = { auth?: string; username?: string; password?: string };

/** `https://index.docker.io/v1/` and `docker.io` alike name Docker Hub; other keys are HOST[:PORT], maybe as a URL. */
function registryOf(key: string): string {
  const host = key.includes('://') ? new URL(key).host : key.split('/')[0]!;
  return ['index.docker.io', 'registry-1.docker.io'].includes(host) ? 'docker.io' : host;
}

function credentialsOf(entry: AuthEntry): Credentials | undefined {
  if (entry.username !== undefined) return { username: entry.username, password: entry.password ?? '' };
  const decoded = Buffer.from(entry.auth ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function entriesOf(secret: Obj): Record<string, AuthEntry> {
  const data = secret.data ?? {};
  if (data['.dockerconfigjson']) return JSON.parse(Buffer.from(data['.dockerconfigjson'], 'base64').toString('utf8')).auths ?? {};
  if (data['.dockercfg']) return JSON.parse(Buffer.from(data['.dockercfg'], 'base64').toString('utf8'));
  return {};
}

export async function pullCredentials(config: ConfigSource, pod: Obj): Promise<Record<string, Credentials> | undefined> {
  const out: Record<string, Credentials> = {};
  for (const { name } of (pod.spec.imagePullSecrets ?? []) as { name?: string }[]) {
    const secret = name ? await config.secret(pod.metadata.namespace, name) : undefined;
    if (!secret) continue;
    for (const [key, entry] of Object.entries(entriesOf(secret))) {
      const credentials = credentialsOf(entry);
      if (credentials) out[registryOf(key)] ??= credentials;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
