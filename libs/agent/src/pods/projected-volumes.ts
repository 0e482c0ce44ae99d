// Projected volumes, as the kubelet makes them: one directory holding files from several sources
// (a ServiceAccount token bound to the pod, ConfigMap and Secret keys, downward API fields). The
// token is refreshed at 80 % of its lifetime; each file is replaced by a rename, so a container
// reading through its bind mount never sees a half-written token.
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConfigError, type ConfigSource } from './env';
import type { Obj } from './pod-status';

/** When a projected volume's token must be fetched again (ms since epoch), if it has one. */
export type RefreshAt = number | undefined;

const REFRESH_FRACTION = 0.8;

async function writeFileAtomically(dir: string, relative: string, value: Buffer | string, mode: number): Promise<void> {
  const file = path.resolve(dir, relative);
  if (!file.startsWith(dir + path.sep)) throw new ConfigError(`volume item path "${relative}" escapes the volume`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `..${path.basename(file)}.tmp`);
  await fs.writeFile(temp, value, { mode });
  await fs.chmod(temp, mode);
  await fs.rename(temp, file);
}

/** The downward API's file form: a field's value, or `key="value"` lines for labels and annotations. */
function downwardValue(pod: Obj, fieldPath: string): string {
  const lines = (map: Record<string, string> | undefined) =>
    Object.entries(map ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n');
  const known: Record<string, () => string> = {
    'metadata.name': () => pod.metadata.name,
    'metadata.namespace': () => pod.metadata.namespace,
    'metadata.uid': () => pod.metadata.uid,
    'metadata.labels': () => lines(pod.metadata.labels),
    'metadata.annotations': () => lines(pod.metadata.annotations),
    'spec.nodeName': () => pod.spec.nodeName ?? '',
    'spec.serviceAccountName': () => pod.spec.serviceAccountName ?? '',
  };
  const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (label) return pod.metadata.labels?.[label[1]!] ?? '';
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotation) return pod.metadata.annotations?.[annotation[1]!] ?? '';
  const get = known[fieldPath];
  if (!get) throw new ConfigError(`unsupported downward API field "${fieldPath}" in a volume`);
  return get();
}

export async function writeDownwardApi(pod: Obj, items: Obj[], dir: string, mode: number): Promise<void> {
  for (const item of items) {
    if (!item.fieldRef) throw new ConfigError(`downward API item "${item.path}" must name a fieldRef in this node's volumes`);
    await writeFileAtomically(dir, item.path, downwardValue(pod, item.fieldRef.fieldPath), item.mode ?? mode);
  }
}

async function writeKeys(
  pod: Obj,
  source: Obj,
  kind: 'ConfigMap' | 'Secret',
  dir: string,
  mode: number,
  config: ConfigSource,
): Promise<void> {
  const object =
    kind === 'ConfigMap'
      ? await config.configMap(pod.metadata.namespace, source.name)
      : await config.secret(pod.metadata.namespace, source.name);
  if (!object) {
    if (source.optional) return;
    throw new ConfigError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${source.name}" not found`);
  }
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(object.data ?? {}))
    data[k] = kind === 'Secret' ? Buffer.from(String(v), 'base64') : Buffer.from(String(v));
  for (const [k, v] of Object.entries(object.binaryData ?? {})) data[k] = Buffer.from(String(v), 'base64');
  const items: Obj[] = source.items ?? Object.keys(data).map((key) => ({ key, path: key }));
  for (const item of items) {
    const value = data[item.key];
    if (value === undefined) {
      if (source.optional) continue;
      throw new ConfigError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${source.name}" has no key "${item.key}"`);
    }
    await writeFileAtomically(dir, item.path, value, item.mode ?? mode);
  }
}

/** Fetches a token for the pod and writes it; returns when to fetch the next one. */
export async function writeToken(pod: Obj, source: Obj, dir: string, mode: number, config: ConfigSource, now: number): Promise<number> {
  const seconds = source.expirationSeconds ?? 3600;
  const { token, expirationTimestamp } = await config.serviceAccountToken(pod, source.audience ?? '', seconds).catch((err: Error) => {
    throw new ConfigError(`cannot get a ServiceAccount token for the pod: ${err.message}`);
  });
  await writeFileAtomically(dir, source.path, token, mode);
  const lifetimeMs = Math.max(0, Date.parse(expirationTimestamp) - now);
  return now + Math.floor(lifetimeMs * REFRESH_FRACTION);
}

/** Writes every source of a projected volume into `dir`; returns when its token needs refreshing. */
export async function writeProjectedVolume(pod: Obj, projected: Obj, dir: string, config: ConfigSource, now: number): Promise<RefreshAt> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const mode = projected.defaultMode ?? 0o644;
  let refreshAt: RefreshAt;
  for (const source of projected.sources ?? []) {
    if (source.serviceAccountToken) refreshAt = await writeToken(pod, source.serviceAccountToken, dir, mode, config, now);
    else if (source.configMap) await writeKeys(pod, source.configMap, 'ConfigMap', dir, mode, config);
    else if (source.secret) await writeKeys(pod, source.secret, 'Secret', dir, mode, config);
    else if (source.downwardAPI) await writeDownwardApi(pod, source.downwardAPI.items ?? [], dir, mode);
    else throw new ConfigError('a projected volume source of a type this node does not support');
  }
  return refreshAt;
}

/** Rewrites the token of a projected volume whose refresh time has come; returns the next one. */
export async function refreshProjectedToken(pod: Obj, projected: Obj, dir: string, config: ConfigSource, now: number): Promise<RefreshAt> {
  const mode = projected.defaultMode ?? 0o644;
  let refreshAt: RefreshAt;
  for (const source of projected.sources ?? [])
    if (source.serviceAccountToken) refreshAt = await writeToken(pod, source.serviceAccountToken, dir, mode, config, now);
  return refreshAt;
}
