// Resolves a container's `user` ("1000", "1000:1000", "app", "app:staff") against the image's
// own /etc/passwd and /etc/group, read inside the rootfs without following links out of it.

import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import { invalidArgument } from '../errors';

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

/** Reads a file under root, refusing symlinks anywhere on the way (the rootfs is untrusted); undefined when it is not there. */
async function readInside(root: string, rel: string): Promise<string | undefined> {
  let current = root;
  for (const part of rel.split('/').filter(Boolean)) {
    current = path.join(current, part);
    const st = await ignoreMissing(fs.lstat(current));
    if (!st || st.isSymbolicLink()) return undefined;
  }
  return ignoreMissing(fs.readFile(current, 'utf8'));
}

function parseDb(text: string | undefined): string[][] {
  return (text ?? '')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

const isNumber = (s: string) => /^\d+$/.test(s);

export async function resolveUser(rootfs: string, user: string | undefined): Promise<ResolvedUser> {
  const spec = user?.trim() || '0';
  const [userPart, groupPart] = spec.split(':') as [string, string | undefined];
  const passwd = parseDb(await readInside(rootfs, 'etc/passwd'));
  const groups = parseDb(await readInside(rootfs, 'etc/group'));
  const entry = passwd.find((p) => (isNumber(userPart) ? p[2] === userPart : p[0] === userPart));
  if (!entry && !isNumber(userPart)) throw invalidArgument(`unable to find user ${userPart}: no matching entries in passwd file`);
  const uid = entry ? Number(entry[2]) : Number(userPart);
  let gid = entry ? Number(entry[3]) : 0;
  if (groupPart !== undefined) {
    const g = groups.find((x) => (isNumber(groupPart) ? x[2] === groupPart : x[0] === groupPart));
    if (!g && !isNumber(groupPart)) throw invalidArgument(`unable to find group ${groupPart}: no matching entries in group file`);
    gid = g ? Number(g[2]) : Number(groupPart);
  }
  const name = entry?.[0];
  const additionalGids = name
    ? groups
        .filter((g) => (g[3] ?? '').split(',').includes(name))
        .map((g) => Number(g[2]))
        .filter((g) => g !== gid)
    : [];
  return { uid, gid, additionalGids };
}

/**
 * The user with the groups a caller adds (Kubernetes' supplementalGroups and fsGroup). Like
 * containerd, the primary group is listed too; `imageGroups: false` drops what /etc/group adds.
 */
export function withSupplementalGroups(user: ResolvedUser, extra: number[] = [], imageGroups = true): ResolvedUser {
  const groups = [user.gid, ...(imageGroups ? user.additionalGids : []), ...extra];
  return { ...user, additionalGids: [...new Set(groups)] };
}
