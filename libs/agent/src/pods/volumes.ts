// Pod volumes on the node: emptyDir (a tmpfs with medium Memory) and projected ConfigMap/Secret
// files live in the pod's directory; hostPath binds a host path; a persistentVolumeClaim binds
// its volume's path. Each container mounts what its volumeMounts name.

import { ignoreMissing } from '@stevedore/files';
import type { Mount } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as path from 'path';
import { claimVolumePath } from './claim-volumes';
import { ConfigError, type ConfigSource } from './env';
import { mountMemoryVolume } from './memory-volumes';
import type { Obj } from './pod-status';
import { refreshProjectedToken, writeDownwardApi, writeProjectedVolume } from './projected-volumes';
import { applyFsGroup } from './volume-ownership';

/** A pod volume on the host; `readOnly` when the volume itself says so (a claim's readOnly), whatever the mounts ask. */
export interface HostVolume {
  path: string;
  readOnly: boolean;
  /** A projected volume with a token: when the token must be fetched again (ms since epoch). */
  refreshAt?: number;
}

export type PodVolumes = Map<string, HostVolume>;

/** Materialises every volume of the pod under `podDir/volumes`; returns name → host path. */
export async function prepareVolumes(pod: Obj, podDir: string, config: ConfigSource, now = Date.now()): Promise<PodVolumes> {
  const volumes: PodVolumes = new Map();
  const paths = { set: (name: string, path: string, readOnly = false) => volumes.set(name, { path, readOnly }) };
  for (const volume of pod.spec.volumes ?? []) {
    const dir = path.join(podDir, 'volumes', volume.name);
    if (volume.hostPath) {
      paths.set(volume.name, await hostPath(volume.hostPath));
    } else if (volume.emptyDir?.medium === 'Memory') {
      await mountMemoryVolume(pod, volume, dir);
      paths.set(volume.name, dir);
    } else if (volume.emptyDir) {
      await fs.mkdir(dir, { recursive: true, mode: 0o777 });
      await fs.chmod(dir, 0o777);
      paths.set(volume.name, dir);
    } else if (volume.persistentVolumeClaim) {
      const claim = volume.persistentVolumeClaim;
      paths.set(volume.name, await claimVolumePath(pod, claim.claimName, config), !!claim.readOnly);
    } else if (volume.configMap || volume.secret) {
      const kind = volume.configMap ? 'ConfigMap' : 'Secret';
      const ref = volume.configMap ?? volume.secret;
      const name = volume.configMap ? ref.name : ref.secretName;
      const object =
        kind === 'ConfigMap' ? await config.configMap(pod.metadata.namespace, name) : await config.secret(pod.metadata.namespace, name);
      if (!object && !ref.optional) throw new ConfigError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${name}" not found`);
      await writeProjection(dir, object, kind, ref.items, ref.defaultMode ?? 0o644);
      paths.set(volume.name, dir);
    } else if (volume.projected) {
      const refreshAt = await writeProjectedVolume(pod, volume.projected, dir, config, now);
      volumes.set(volume.name, { path: dir, readOnly: true, refreshAt });
    } else if (volume.downwardAPI) {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.mkdir(dir, { recursive: true });
      await writeDownwardApi(pod, volume.downwardAPI.items ?? [], dir, volume.downwardAPI.defaultMode ?? 0o644);
      paths.set(volume.name, dir, true);
    } else {
      throw new ConfigError(`volume "${volume.name}" has a type this node does not support`);
    }
    const held = volumes.get(volume.name);
    if (held) await applyFsGroup(pod, volume, held.path);
  }
  return volumes;
}

async function hostPath(spec: Obj): Promise<string> {
  const target = path.resolve('/', spec.path);
  const type = spec.type ?? '';
  if (type === 'DirectoryOrCreate') await fs.mkdir(target, { recursive: true });
  if (type === 'FileOrCreate') await fs.writeFile(target, '', { flag: 'a' });
  if (type === 'Directory' || type === 'File') {
    const stat = await ignoreMissing(fs.stat(target));
    const ok = type === 'Directory' ? stat?.isDirectory() : stat?.isFile();
    if (!ok) throw new ConfigError(`hostPath type check failed: ${target} is not a ${type.toLowerCase()}`);
  }
  return target;
}

/** Writes keys as files; a key may not climb out of the volume directory. */
async function writeProjection(dir: string, object: Obj | undefined, kind: string, items: Obj[] | undefined, mode: number): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(object?.data ?? {}))
    data[k] = kind === 'Secret' ? Buffer.from(String(v), 'base64') : Buffer.from(String(v));
  for (const [k, v] of Object.entries(object?.binaryData ?? {})) data[k] = Buffer.from(String(v), 'base64');
  const wanted: Obj[] = items ?? Object.keys(data).map((key) => ({ key, path: key }));
  for (const item of wanted) {
    const value = data[item.key];
    if (value === undefined) continue;
    const file = path.resolve(dir, item.path);
    if (!file.startsWith(dir + path.sep)) throw new ConfigError(`volume item path "${item.path}" escapes the volume`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, value, { mode: item.mode ?? mode });
  }
}

/**
 * Refreshes the tokens of projected volumes whose time has come; returns the ms until the next
 * refresh, or undefined when the pod has no token to keep fresh.
 */
export async function refreshTokens(pod: Obj, volumes: PodVolumes, config: ConfigSource, now = Date.now()): Promise<number | undefined> {
  let next: number | undefined;
  for (const volume of pod.spec.volumes ?? []) {
    const held = volumes.get(volume.name);
    if (!volume.projected || held?.refreshAt === undefined) continue;
    if (held.refreshAt <= now) {
      held.refreshAt = await refreshProjectedToken(pod, volume.projected, held.path, config, now);
      // The new token file has the default owner: give it the pod's fsGroup again.
      await applyFsGroup(pod, volume, held.path);
    }
    if (held.refreshAt !== undefined) next = Math.min(next ?? Infinity, Math.max(0, held.refreshAt - now));
  }
  return next;
}

export function containerMounts(container: Obj, volumes: PodVolumes): Mount[] {
  return (container.volumeMounts ?? []).map((m: Obj) => {
    const volume = volumes.get(m.name);
    if (!volume) throw new ConfigError(`volumeMount "${m.name}" names no volume of the pod`);
    const source = volume.path;
    const full = m.subPath ? path.resolve(source, m.subPath) : source;
    if (m.subPath && !full.startsWith(source + path.sep)) throw new ConfigError(`subPath "${m.subPath}" escapes the volume`);
    return { source: full, destination: m.mountPath, type: 'bind' as const, readOnly: !!m.readOnly || volume.readOnly };
  });
}
