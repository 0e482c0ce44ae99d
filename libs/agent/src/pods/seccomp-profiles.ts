// Localhost seccomp profiles: JSON files the node's operator puts under <data-dir>/seccomp/,
// named by a pod's seccompProfile.localhostProfile (a path relative to that folder).
import { hasErrnoCode, ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConfigError } from './env';

type Profile = Record<string, unknown> & { syscalls?: Record<string, unknown>[] };

/** Accepts the OCI form and Docker's (archMap, and `name` for a single syscall), returns the OCI form. */
export function normalizeProfile(raw: unknown, name: string): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || typeof (raw as Profile).defaultAction !== 'string')
    throw new ConfigError(`seccomp profile "${name}" is not a seccomp profile: it has no defaultAction`);
  const { archMap, ...profile } = raw as Profile & { archMap?: { architecture: string }[] };
  if (!profile.architectures && Array.isArray(archMap)) profile.architectures = archMap.map((a) => a.architecture);
  profile.syscalls = (profile.syscalls ?? []).map(({ name: one, ...rule }) => (one && !rule.names ? { ...rule, names: [one] } : rule));
  return profile;
}

export async function loadLocalhostProfile(seccompDir: string | undefined, name: string | undefined): Promise<Record<string, unknown>> {
  if (!name) throw new ConfigError('seccompProfile.localhostProfile must be set when type is Localhost');
  if (!seccompDir) throw new ConfigError(`cannot load seccomp profile "${name}": this node has no seccomp profile folder`);
  const file = path.resolve(seccompDir, name);
  if (path.isAbsolute(name) || !file.startsWith(seccompDir + path.sep))
    throw new ConfigError(`seccomp profile "${name}" must be a path inside the node's seccomp folder`);
  let text: string | undefined;
  try {
    text = await ignoreMissing(fs.readFile(file, 'utf8'));
  } catch (err) {
    if (hasErrnoCode(err, 'EISDIR')) throw new ConfigError(`cannot load seccomp profile "${file}": it is a folder`);
    throw err;
  }
  if (text === undefined) throw new ConfigError(`cannot load seccomp profile "${file}": no such file`);
  try {
    return normalizeProfile(JSON.parse(text), name);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`cannot load seccomp profile "${file}": ${(err as Error).message}`);
  }
}
