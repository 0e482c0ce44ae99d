// persistentVolumeClaim volumes: the claim names its PersistentVolume, whose hostPath or local
// path is bind-mounted like a hostPath volume. A claim not bound yet is a mount failure the pod
// worker retries (FailedMount), so a pod scheduled before its volume exists starts once it does.
import { LOCAL_PATH_PROVISIONER, VOLUME_ANNOTATIONS } from '@stevedore/api';
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConfigError, type ConfigSource } from './env';
import type { Obj } from './pod-status';

/** Where a local-path volume's last-seen reclaim policy is kept, beside (not inside) its data. */
export function reclaimRecord(dataDir: string): string {
  return path.join(path.dirname(dataDir), '.reclaim-policy', path.basename(dataDir));
}

export async function recordReclaimPolicy(dataDir: string, policy: string): Promise<void> {
  const file = reclaimRecord(dataDir);
  if ((await ignoreMissing(fs.readFile(file, 'utf8'))) === policy) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, policy);
}

async function volumePath(pv: Obj): Promise<string> {
  const source = pv.spec?.hostPath ?? pv.spec?.local;
  if (!source?.path) throw new ConfigError(`persistentvolume "${pv.metadata.name}" has a volume source this node cannot mount`);
  const target = path.resolve('/', source.path);
  if (pv.spec.hostPath?.type === 'DirectoryOrCreate') {
    await fs.mkdir(target, { recursive: true });
    // A provisioned volume belongs to whoever the pod runs as, as upstream's local-path volumes do.
    if (pv.metadata.annotations?.[VOLUME_ANNOTATIONS.provisionedBy] === LOCAL_PATH_PROVISIONER) {
      await fs.chmod(target, 0o777);
      await recordReclaimPolicy(target, pv.spec.persistentVolumeReclaimPolicy ?? 'Retain');
    }
  }
  const stat = await ignoreMissing(fs.stat(target));
  if (!stat) throw new ConfigError(`path "${target}" of persistentvolume "${pv.metadata.name}" does not exist on this node`);
  return target;
}

export async function claimVolumePath(pod: Obj, claimName: string, config: ConfigSource): Promise<string> {
  const namespace = pod.metadata.namespace;
  const claim = await config.claim(namespace, claimName);
  if (!claim) throw new ConfigError(`persistentvolumeclaim "${claimName}" not found`);
  if (!claim.spec?.volumeName || claim.status?.phase !== 'Bound')
    throw new ConfigError(`persistentvolumeclaim "${claimName}" is not bound (phase ${claim.status?.phase ?? 'Pending'})`);
  const pv = await config.volume(claim.spec.volumeName);
  if (!pv) throw new ConfigError(`persistentvolume "${claim.spec.volumeName}" not found`);
  return volumePath(pv);
}
